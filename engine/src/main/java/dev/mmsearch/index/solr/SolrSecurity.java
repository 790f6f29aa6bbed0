package dev.mmsearch.index.solr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the client proves itself to a secured SolrCloud and which servers it trusts: Basic
 * authentication (Solr's {@code BasicAuthPlugin}; what each user may do is the cluster's
 * {@code security.json} rules) and, for {@code https://} nodes, the operator's truststore (the CA
 * or node certificates the cluster's TLS uses; without one, the JVM's default trust).
 *
 * <p>Taken from the environment ({@link #fromEnvironment}), never from the collection URL: URLs
 * end up in logs, command lines and error messages. {@link #toString} never shows a secret.
 *
 * @param user Basic authentication user, or empty for none
 * @param password its password
 * @param truststore a PKCS12 or JKS file, or empty for the JVM's default trust
 * @param truststorePassword its password (empty when it has none)
 */
public record SolrSecurity(Optional<String> user, String password, Optional<Path> truststore, String truststorePassword) {

  /** No credentials, the JVM's default trust. */
  public static final SolrSecurity NONE = new SolrSecurity(Optional.empty(), "", Optional.empty(), "");

  public static final String USER = "MMSEARCH_SOLR_USER";
  public static final String PASSWORD = "MMSEARCH_SOLR_PASSWORD";
  public static final String TRUSTSTORE = "MMSEARCH_SOLR_TRUSTSTORE";
  public static final String TRUSTSTORE_PASSWORD = "MMSEARCH_SOLR_TRUSTSTORE_PASSWORD";

  public SolrSecurity {
    if (user.isPresent() && (user.get().isEmpty() || user.get().contains(":"))) {
      throw new IllegalArgumentException("a Solr user name is not empty and has no ':', got: '" + user.get() + "'");
    }
    if (user.isPresent() && password.isEmpty()) {
      throw new IllegalArgumentException("Solr user " + user.get() + " needs a password (" + PASSWORD + ")");
    }
    if (user.isEmpty() && !password.isEmpty()) {
      throw new IllegalArgumentException("a Solr password was given without a user (" + USER + ")");
    }
  }

  /** From {@value #USER}, {@value #PASSWORD}, {@value #TRUSTSTORE} and {@value #TRUSTSTORE_PASSWORD} in {@code env}. */
  public static SolrSecurity fromEnvironment(Map<String, String> env) {
    return new SolrSecurity(value(env, USER), value(env, PASSWORD).orElse(""), value(env, TRUSTSTORE).map(Path::of),
        value(env, TRUSTSTORE_PASSWORD).orElse(""));
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
  }

  /** The {@code Authorization} header's value, when there are credentials. */
  Optional<String> authorization() {
    return user.map(u -> "Basic " + Base64.getEncoder().encodeToString((u + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  /** The TLS context that trusts the truststore's certificates; the JVM's default without one. */
  SSLContext sslContext() {
    try {
      if (truststore.isEmpty()) {
        return SSLContext.getDefault();
      }
      Path file = truststore.get();
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException(TRUSTSTORE + " names " + file + ", which cannot be read");
      }
      KeyStore store = KeyStore.getInstance(file.toFile(), truststorePassword.toCharArray());
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("the Solr truststore " + truststore.orElseThrow() + " cannot be loaded ("
          + TRUSTSTORE_PASSWORD + " wrong, or not a PKCS12/JKS file): " + e.getMessage(), e);
    }
  }

  /** The user and the truststore; never a password. */
  @Override
  public String toString() {
    return "SolrSecurity[user=" + user.orElse("(none)") + ", password=" + (password.isEmpty() ? "(none)" : "***")
        + ", truststore=" + truststore.map(Path::toString).orElse("(JVM default)") + "]";
  }
}

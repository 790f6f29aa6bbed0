package dev.mmsearch.models;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where and how to reach the model hub: the endpoint ({@code HF_ENDPOINT}, default
 * {@value #DEFAULT_ENDPOINT}), a token for gated repositories ({@code HF_TOKEN}, or the older
 * {@code HUGGING_FACE_HUB_TOKEN}), and the proxy: Java's {@code https.proxyHost} properties when
 * set, else {@code HTTPS_PROXY} / {@code HTTP_PROXY} with {@code NO_PROXY}, as curl and the
 * Hugging Face tools read them.
 *
 * @param connectTimeout how long to wait for a connection: also how fast "no network" is reported
 * @param attempts tries per file (a dropped connection resumes where it stopped)
 * @param stallTimeout a transfer that sends nothing this long is dropped and resumed
 */
public record HubSettings(URI endpoint, String token, ProxySelector proxy, Duration connectTimeout, int attempts,
    Duration stallTimeout) {

  /** Settings that drop a transfer stalled for a minute. */
  public HubSettings(URI endpoint, String token, ProxySelector proxy, Duration connectTimeout, int attempts) {
    this(endpoint, token, proxy, connectTimeout, attempts, Duration.ofMinutes(1));
  }

  public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

  public HubSettings {
    String e = endpoint.toString();
    if (e.endsWith("/")) {
      endpoint = URI.create(e.substring(0, e.length() - 1));
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
  }

  /** Settings from environment variables and system properties. */
  public static HubSettings fromEnvironment(Map<String, String> env) {
    String endpoint = env.getOrDefault("HF_ENDPOINT", DEFAULT_ENDPOINT);
    String token = env.get("HF_TOKEN") != null ? env.get("HF_TOKEN") : env.get("HUGGING_FACE_HUB_TOKEN");
    ProxySelector proxy = System.getProperty("https.proxyHost") != null || System.getProperty("http.proxyHost") != null
        ? ProxySelector.getDefault() : fromVariables(env);
    return new HubSettings(URI.create(endpoint), token == null || token.isBlank() ? null : token.strip(), proxy,
        Duration.ofSeconds(10), 5);
  }

  /** A proxy selector for {@code HTTPS_PROXY}/{@code HTTP_PROXY} (either case) and {@code NO_PROXY}; null when none is set. */
  static ProxySelector fromVariables(Map<String, String> env) {
    String https = first(env, "HTTPS_PROXY", "https_proxy");
    String http = first(env, "HTTP_PROXY", "http_proxy");
    if (https == null && http == null) {
      return null;
    }
    List<String> noProxy = List.of(java.util.Objects.requireNonNullElse(first(env, "NO_PROXY", "no_proxy"), "").split("\\s*,\\s*"));
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        for (String n : noProxy) {
          String suffix = n.strip().toLowerCase(Locale.ROOT);
          if (!suffix.isEmpty() && (suffix.equals("*") || host.equals(suffix.replaceFirst("^\\.", ""))
              || host.endsWith(suffix.startsWith(".") ? suffix : "." + suffix))) {
            return List.of(Proxy.NO_PROXY);
          }
        }
        String p = "https".equals(uri.getScheme()) && https != null ? https : http != null ? http : https;
        URI proxy = URI.create(p.contains("://") ? p : "http://" + p);
        return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHost(),
            proxy.getPort() > 0 ? proxy.getPort() : 80)));
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
    };
  }

  private static String first(Map<String, String> env, String... names) {
    for (String n : names) {
      String v = env.get(n);
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }
}

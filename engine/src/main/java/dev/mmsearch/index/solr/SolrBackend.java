package dev.mmsearch.index.solr;

import dev.mmsearch.index.IndexBackend;
import dev.mmsearch.index.IndexSchema;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A SolrCloud collection as the index, named by a URL:
 * {@code http://host:8983/solr/<collection>?shards=2&replicas=2&nodes=host2:8983,host3:8983}.
 * {@code shards} and {@code replicas} (default 1 and 1) apply when the indexer creates the
 * collection; {@code nodes} adds more nodes to start from (the client learns the live nodes from
 * the cluster anyway, so one reachable node is enough).
 *
 * <p>A secured cluster's credentials and truststore come from the environment
 * ({@link SolrSecurity#fromEnvironment}), never from the URL: a URL with {@code user:password@}
 * is refused.
 */
public record SolrBackend(List<URI> nodes, String collection, int shards, int replicas, String location,
    SolrSecurity security) implements IndexBackend {

  /** How long one HTTP request may take before it counts as failed and is retried elsewhere. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  /** How long creating a collection may take until every replica is active. */
  static final Duration CREATE_TIMEOUT = Duration.ofMinutes(2);

  public SolrBackend {
    nodes = List.copyOf(nodes);
    if (shards < 1 || replicas < 1) {
      throw new IllegalArgumentException("shards and replicas must be at least 1, got: " + shards + " × " + replicas);
    }
  }

  /**
   * The backend of {@code location} when it is a Solr collection URL ({@code http://} or
   * {@code https://}), secured as the environment says.
   */
  public static Optional<SolrBackend> forLocation(String location) {
    return location.startsWith("http://") || location.startsWith("https://")
        ? Optional.of(parse(location, SolrSecurity.fromEnvironment(System.getenv()))) : Optional.empty();
  }

  /** {@link #parse(String, SolrSecurity)} for a cluster without security. */
  public static SolrBackend parse(String location) {
    return parse(location, SolrSecurity.NONE);
  }

  /** Parses {@code http(s)://host:port/<context>/<collection>[?shards=S&replicas=R&nodes=h:p,…]}. */
  public static SolrBackend parse(String location, SolrSecurity security) {
    URI uri;
    try {
      uri = URI.create(location);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a Solr collection URL: " + location + " (" + e.getMessage() + ")");
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
    int slash = path.lastIndexOf('/');
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("a Solr collection URL carries no credentials (URLs end up in logs): give them in "
          + SolrSecurity.USER + " and " + SolrSecurity.PASSWORD + " instead, got a URL with user info for host "
          + uri.getHost());
    }
    if (uri.getHost() == null || slash <= 0) {
      throw new IllegalArgumentException("a Solr collection URL looks like http://host:8983/solr/items, got: " + location);
    }
    String collection = path.substring(slash + 1);
    String context = path.substring(0, slash);
    List<URI> nodes = new ArrayList<>();
    nodes.add(URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + context));
    int shards = 1;
    int replicas = 1;
    if (uri.getQuery() != null) {
      for (String pair : uri.getQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        String value = kv.length > 1 ? kv[1] : "";
        switch (kv[0]) {
          case "shards" -> shards = number(kv[0], value);
          case "replicas" -> replicas = number(kv[0], value);
          case "nodes" -> {
            for (String node : value.split(",")) {
              if (!node.isBlank()) {
                nodes.add(URI.create(uri.getScheme() + "://" + node.trim() + context));
              }
            }
          }
          default -> throw new IllegalArgumentException("unknown option '" + kv[0] + "' in " + location
              + " (known: shards, replicas, nodes)");
        }
      }
    }
    return new SolrBackend(nodes, collection, shards, replicas, location, security);
  }

  private static int number(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got: " + value);
    }
  }

  @Override
  public SolrItemIndex openForWriting(IndexSchema catalog) {
    return SolrItemIndex.openForWriting(new SolrHttp(nodes, REQUEST_TIMEOUT, security), collection, shards, replicas, catalog,
        CREATE_TIMEOUT);
  }

  @Override
  public SolrItemIndex openForReading(IndexSchema catalog, Duration refreshInterval) {
    return SolrItemIndex.openForReading(new SolrHttp(nodes, REQUEST_TIMEOUT, security), collection, catalog, refreshInterval);
  }

  @Override
  public Optional<Path> folder() {
    return Optional.empty();
  }
}

package dev.mmsearch.index.solr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP client of a SolrCloud cluster: JSON over {@link HttpClient}, no SolrJ (which would bring
 * Lucene 9 next to mmsearch's Lucene 10). Any node answers any request (Solr routes it to the
 * shards), so the client spreads requests over the nodes it knows and, on a connection failure or
 * a 5xx, retries on the next one under a {@link RetryPolicy}. It learns the live nodes from the
 * cluster itself and keeps the configured ones, so a node that leaves and comes back is used again.
 *
 * <p>Thread-safe.
 */
final class SolrHttp {

  private static final System.Logger LOG = System.getLogger(SolrHttp.class.getName());
  static final ObjectMapper JSON = new ObjectMapper();

  /** A node's answer. */
  record Answer(int status, JsonNode body) {
    boolean ok() {
      return status / 100 == 2;
    }
  }

  private final List<URI> configured;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final AtomicInteger next = new AtomicInteger();
  private volatile List<URI> nodes;
  private volatile long nodesRefreshedNanos;

  /** @param nodes base URLs of one or more nodes, {@code http://host:port/solr} */
  SolrHttp(List<URI> nodes, Duration requestTimeout) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a Solr cluster needs at least one node URL");
    }
    this.configured = List.copyOf(nodes);
    this.nodes = this.configured;
    this.requestTimeout = requestTimeout;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
  }

  /** The nodes requests go to now. */
  List<URI> nodes() {
    return nodes;
  }

  /** A form POST ({@code path} under the node's {@code /solr}, or {@code /api/…}), retried under {@code policy}. */
  Answer post(String path, SolrParams params, RetryPolicy policy) {
    return send(path, params.encoded().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "application/x-www-form-urlencoded; charset=UTF-8", policy);
  }

  /** A GET ({@code path} may carry a query string), retried under {@code policy}. */
  Answer get(String path, RetryPolicy policy) {
    return send(path, null, null, policy);
  }

  /**
   * A POST of {@code body} with {@code contentType}, or a GET when {@code body} is null
   * ({@code path} may carry a query string).
   */
  Answer send(String path, byte[] body, String contentType, RetryPolicy policy) {
    long start = System.nanoTime();
    int attempt = 0;
    String lastProblem = null;
    int lastStatus = 0;
    while (true) {
      List<URI> known = nodes;
      URI node = known.get(Math.floorMod(next.getAndIncrement(), known.size()));
      URI target = resolve(node, path);
      try {
        Duration timeout = requestTimeout.compareTo(policy.tryTimeout()) < 0 ? requestTimeout : policy.tryTimeout();
        HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(timeout).header("Accept", "application/json");
        HttpRequest request = body == null ? b.GET().build()
            : b.header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        JsonNode json = parse(response.body());
        int status = response.statusCode();
        if (status / 100 != 5) {
          return new Answer(status, json);
        }
        lastStatus = status;
        lastProblem = status + " from " + node + ": " + message(json);
      } catch (IOException e) {
        lastStatus = 0;
        lastProblem = e.getClass().getSimpleName() + " from " + node + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SolrException(0, "interrupted while calling " + target, e);
      }
      attempt++;
      Duration wait = policy.backoff(attempt);
      if (System.nanoTime() - start + wait.toNanos() > policy.deadline().toNanos()) {
        throw new SolrException(lastStatus, "the Solr cluster did not answer " + path + " within "
            + policy.deadline().toSeconds() + " s after " + attempt + " tries; last: " + lastProblem, null);
      }
      String problem = lastProblem;
      LOG.log(Level.DEBUG, () -> "retrying " + path + " after: " + problem);
      refreshNodes();
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SolrException(0, "interrupted while retrying " + path, e);
      }
    }
  }

  /** An answer that must be 2xx. */
  static JsonNode ok(Answer a, String what) {
    if (!a.ok()) {
      throw new SolrException(a.status(), what + " failed with " + a.status() + ": " + message(a.body()), null);
    }
    return a.body();
  }

  /** Solr's error message in an answer, or the answer itself. */
  static String message(JsonNode json) {
    JsonNode msg = json.path("error").path("msg");
    if (!msg.isMissingNode()) {
      return msg.asText();
    }
    JsonNode failure = json.path("failure");
    if (!failure.isMissingNode()) {
      return failure.toString();
    }
    String s = json.toString();
    return s.length() > 500 ? s.substring(0, 500) + "…" : s;
  }

  private static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      String text = new String(body, 0, Math.min(body.length, 300), java.nio.charset.StandardCharsets.UTF_8);
      return JSON.createObjectNode().set("error", JSON.createObjectNode().put("msg", "not JSON: " + text));
    }
  }

  private static URI resolve(URI node, String path) {
    String base = node.toString();
    if (path.startsWith("/api/")) {
      // Solr's v2 API lives beside /solr, at the server root.
      URI root = node.resolve("/");
      return URI.create(root.toString().replaceAll("/$", "") + path);
    }
    return URI.create(base.replaceAll("/$", "") + path);
  }

  /**
   * Learns the live nodes from the cluster state (at most once a second): Solr names them
   * {@code host:port_context}. Configured nodes stay in the list.
   */
  void refreshNodes() {
    long now = System.nanoTime();
    if (now - nodesRefreshedNanos < 1_000_000_000L) {
      return;
    }
    nodesRefreshedNanos = now;
    Set<URI> found = new LinkedHashSet<>(configured);
    for (URI node : nodes) {
      try {
        HttpRequest request = HttpRequest.newBuilder(resolve(node, "/api/cluster/nodes"))
            .timeout(Duration.ofSeconds(2)).GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
          continue;
        }
        for (JsonNode live : parse(response.body()).path("nodes")) {
          found.add(nodeUri(node, live.asText()));
        }
        nodes = List.copyOf(found);
        return;
      } catch (IOException e) {
        // try the next node
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** {@code 127.0.0.1:8983_solr} on the scheme of {@code like}. */
  static URI nodeUri(URI like, String liveNode) {
    int sep = liveNode.indexOf('_');
    String hostPort = sep < 0 ? liveNode : liveNode.substring(0, sep);
    String context = sep < 0 ? "solr" : liveNode.substring(sep + 1).replace('_', '/');
    return URI.create(like.getScheme() + "://" + hostPort + "/" + context);
  }
}

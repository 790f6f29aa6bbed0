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
 * <p>A node that did not answer — connection refused or timed out, no answer within the try's
 * timeout — is skipped by the following requests for a while ({@link #AVOID_FIRST}, doubling with
 * each failure in a row up to {@link #AVOID_MAX}) unless every node is skipped: a node that is
 * cut off the network costs a timeout to one request, not to every third one, and its first
 * answer makes it a node like the others again.
 *
 * <p>A secured cluster ({@link SolrSecurity}): every request carries the Basic credentials, https
 * nodes are checked against the operator's truststore. A 401, a 403 or a failed TLS handshake is
 * the same on every node and every try, so it is final at once and said plainly (which setting to
 * fix), never retried for the whole deadline; the credentials never appear in a message or a log.
 *
 * <p>Thread-safe.
 */
final class SolrHttp {

  private static final System.Logger LOG = System.getLogger(SolrHttp.class.getName());
  static final ObjectMapper JSON = new ObjectMapper();
  /** How long a node that did not answer is skipped after its first failure in a row. */
  static final Duration AVOID_FIRST = Duration.ofSeconds(2);
  /** The longest a node is skipped, however often it failed. */
  static final Duration AVOID_MAX = Duration.ofSeconds(30);

  /** A node skipped until {@code untilNanos} after {@code failures} failures in a row. */
  private record Avoided(long untilNanos, int failures) {}

  /** A node's answer. */
  record Answer(int status, JsonNode body) {
    boolean ok() {
      return status / 100 == 2;
    }
  }

  private final List<URI> configured;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final SolrSecurity security;
  /** The {@code Authorization} header's value, or null (never logged, never in a message). */
  private final String authorization;
  private final AtomicInteger next = new AtomicInteger();
  /** Nodes that failed to answer: until when requests skip them, and how many failures in a row. */
  private final java.util.concurrent.ConcurrentHashMap<URI, Avoided> avoided = new java.util.concurrent.ConcurrentHashMap<>();
  private final Duration avoidFirst;
  private volatile List<URI> nodes;
  private volatile long nodesRefreshedNanos;

  /** @param nodes base URLs of one or more nodes, {@code http://host:port/solr} */
  SolrHttp(List<URI> nodes, Duration requestTimeout) {
    this(nodes, requestTimeout, SolrSecurity.NONE);
  }

  /**
   * @param nodes base URLs of one or more nodes, {@code http(s)://host:port/solr}
   * @param security credentials sent with every request, and the certificates trusted for https
   */
  SolrHttp(List<URI> nodes, Duration requestTimeout, SolrSecurity security) {
    this(nodes, requestTimeout, security, AVOID_FIRST);
  }

  /** As above, a node that did not answer skipped for {@code avoidFirst} after its first failure (tests). */
  SolrHttp(List<URI> nodes, Duration requestTimeout, SolrSecurity security, Duration avoidFirst) {
    this.avoidFirst = avoidFirst;
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a Solr cluster needs at least one node URL");
    }
    this.configured = List.copyOf(nodes);
    this.nodes = this.configured;
    this.requestTimeout = requestTimeout;
    this.security = security;
    this.authorization = security.authorization().orElse(null);
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1);
    if (configured.stream().anyMatch(n -> "https".equals(n.getScheme()))) {
      b.sslContext(security.sslContext());
    }
    this.http = b.build();
  }

  /** A request with the client's credentials, when it has some. */
  private HttpRequest.Builder request(URI target) {
    HttpRequest.Builder b = HttpRequest.newBuilder(target);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
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
      URI node = pick(nodes);
      URI target = resolve(node, path);
      try {
        Duration timeout = requestTimeout.compareTo(policy.tryTimeout()) < 0 ? requestTimeout : policy.tryTimeout();
        HttpRequest.Builder b = request(target).timeout(timeout).header("Accept", "application/json");
        HttpRequest request = body == null ? b.GET().build()
            : b.header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (!avoided.isEmpty()) {
          avoided.remove(node);
        }
        JsonNode json = parse(response.body());
        int status = response.statusCode();
        if (status == 401 || status == 403) {
          throw refused(status, path, node);
        }
        // Solr can wrap a shard's failure in a 200: a shard request cut by a node that is stopping
        // came back as {"error":{"msg":"Error from server at …: parsing error","code":200}} and no
        // hits (AsynchronousCloseException; SolrFailoverTest saw a kNN list come back empty in 1 of
        // 6 runs). Such an answer lacks that shard's part, so it is retried like a 5xx.
        boolean failedInside = status / 100 == 2 && json.path("error").isObject();
        if (status / 100 != 5 && !failedInside) {
          return new Answer(status, json);
        }
        lastStatus = failedInside ? 500 : status;
        lastProblem = status + " from " + node + ": " + message(json);
      } catch (IOException e) {
        if (tlsFailure(e)) {
          throw new SolrException(0, "TLS with Solr node " + node + " failed: " + e.getMessage() + ". The node's certificate is"
              + " not trusted or does not name the host: set " + SolrSecurity.TRUSTSTORE + " to a truststore holding the"
              + " cluster's CA (now: " + security.truststore().map(Object::toString).orElse("the JVM's default trust") + ")", e);
        }
        avoid(node);
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

  /**
   * The next node in turn that is not skipped; when every node is, the one whose skip ends first.
   */
  private URI pick(List<URI> known) {
    long now = System.nanoTime();
    URI soonest = null;
    long soonestEnd = Long.MAX_VALUE;
    for (int i = 0; i < known.size(); i++) {
      URI node = known.get(Math.floorMod(next.getAndIncrement(), known.size()));
      Avoided a = avoided.get(node);
      if (a == null || a.untilNanos() - now <= 0) {
        return node;
      }
      if (a.untilNanos() < soonestEnd) {
        soonest = node;
        soonestEnd = a.untilNanos();
      }
    }
    return soonest;
  }

  /** Skips {@code node} for a while: {@link #avoidFirst}, doubled for each failure in a row, at most {@link #AVOID_MAX}. */
  private void avoid(URI node) {
    long now = System.nanoTime();
    avoided.compute(node, (n, old) -> {
      int failures = old == null ? 1 : old.failures() + 1;
      long wait = Math.min(avoidFirst.toNanos() << Math.min(failures - 1, 16), AVOID_MAX.toNanos());
      return new Avoided(now + wait, failures);
    });
  }

  /**
   * A 401 or 403: the same for every node and every retry, so final, and said plainly (the
   * credentials themselves never appear).
   */
  private SolrException refused(int status, String path, URI node) {
    String where = path.replaceAll("\\?.*", "") + " on " + node;
    if (status == 401) {
      return new SolrException(status, security.user().isEmpty()
          ? "the Solr cluster asks for credentials (401) for " + where + ": set " + SolrSecurity.USER + " and "
              + SolrSecurity.PASSWORD
          : "the Solr cluster refused the credentials of user " + security.user().get() + " (401) for " + where
              + ": check " + SolrSecurity.USER + " and " + SolrSecurity.PASSWORD, null);
    }
    return new SolrException(status, "Solr user " + security.user().orElse("(none)") + " may not do " + where
        + " (403 Forbidden): give its role that permission in the cluster's security.json, or use a user that has it",
        null);
  }

  /** Whether a connection failed in the TLS handshake: not trusted, wrong host name, no common protocol. */
  private static boolean tlsFailure(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException || t instanceof java.security.cert.CertificateException) {
        return true;
      }
    }
    return false;
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
    // Nodes being skipped are asked last: one cut off the network would hold the refresh up.
    List<URI> ask = new java.util.ArrayList<>(nodes);
    ask.sort(java.util.Comparator.comparing(avoided::containsKey));
    for (URI node : ask) {
      try {
        HttpRequest request = request(resolve(node, "/api/cluster/nodes"))
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
        avoid(node);
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

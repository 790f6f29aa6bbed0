package dev.mmsearch.index.solr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An answer with status 200 that carries Solr's {@code error} object is a failure, not an empty
 * result: Solr wrapped a shard request cut by a stopping node that way (SolrFailoverTest saw a kNN
 * list come back with no hits and this body), so the client retries it like a 5xx.
 */
class SolrHttpFailedInsideTest {

  private static final RetryPolicy QUICK = new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(2),
      Duration.ofMillis(500));
  /** What Solr 9.10 answered (its shape; the node's address shortened). */
  private static final String FAILED_INSIDE = "{\"responseHeader\":{\"zkConnected\":true,\"status\":200,\"QTime\":71},"
      + "\"error\":{\"metadata\":[\"error-class\",\"org.apache.solr.client.solrj.impl.BaseHttpSolrClient$RemoteSolrException\","
      + "\"root-error-class\",\"java.nio.channels.AsynchronousCloseException\"],"
      + "\"msg\":\"Error from server at http://node/solr/c_shard2_replica_n4/select: parsing error\",\"code\":200}}";
  private static final String ANSWER = "{\"responseHeader\":{\"status\":0},\"response\":{\"numFound\":1,\"docs\":[{\"id\":\"a\"}]}}";

  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int failFirst;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/solr/c/select", x -> {
      byte[] body = (requests.incrementAndGet() <= failFirst ? FAILED_INSIDE : ANSWER).getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    server.createContext("/api/cluster/nodes", x -> {
      byte[] body = ("{\"nodes\":[\"127.0.0.1:" + server.getAddress().getPort() + "_solr\"]}").getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private SolrHttp client() {
    return new SolrHttp(List.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/solr")), Duration.ofSeconds(5));
  }

  @Test
  void aShardFailureInsideA200IsRetriedAndTheWholeAnswerReturned() {
    failFirst = 2;
    SolrHttp.Answer a = client().post("/c/select", new SolrParams().add("q", "*:*"), QUICK);
    assertEquals(3, requests.get(), "two failed answers, then the whole one");
    assertEquals("a", SolrHttp.ok(a, "search").path("response").path("docs").get(0).path("id").asText());
  }

  @Test
  void aFailureInsideA200ThatNeverEndsFailsWithSolrsMessage() {
    failFirst = Integer.MAX_VALUE;
    SolrException e = assertThrows(SolrException.class, () -> client().post("/c/select", new SolrParams().add("q", "*:*"), QUICK));
    assertTrue(e.getMessage().contains("parsing error"), e.getMessage());
    assertTrue(requests.get() > 1, "retried: " + requests.get());
  }
}

package dev.mmsearch.index.solr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Creating a collection on a cluster that fails half-way, against a fake admin API that answers
 * as Solr 9 does: a busy cluster's "Underlying core creation failed" leaves a half-made
 * collection, which must be deleted and the creation tried again, not taken as final.
 */
class SolrCollectionCreateTest {

  private static final String CORE_FAILED = "{\"error\":{\"msg\":\"Underlying core creation failed while creating collection: c\"}}";

  private HttpServer server;
  /** What CREATE answers, in turn (status, body); the last is repeated. */
  private final Deque<Object[]> createAnswers = new java.util.ArrayDeque<>();
  private final List<String> actions = Collections.synchronizedList(new ArrayList<>());
  /** The collection's replica state in CLUSTERSTATUS, or null when it does not exist. */
  private volatile String state;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/solr/admin/configs", x -> answer(x, 200, "{}"));
    server.createContext("/solr/admin/collections", this::collections);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void collections(HttpExchange x) throws IOException {
    String form = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String action = URLDecoder.decode(form.replaceAll(".*action=([^&]*).*", "$1"), StandardCharsets.UTF_8);
    actions.add(action);
    switch (action) {
      case "CREATE" -> {
        Object[] a = createAnswers.size() > 1 ? createAnswers.poll() : createAnswers.peek();
        int status = (int) a[0];
        if (status == 200) {
          state = "active";
        } else if (a[1] == CORE_FAILED) {
          state = "down"; // a core that could not be made leaves a half-made collection
        }
        answer(x, status, (String) a[1]);
      }
      case "DELETE" -> {
        state = null;
        answer(x, 200, "{}");
      }
      case "CLUSTERSTATUS" -> answer(x, 200, state == null ? "{\"cluster\":{\"collections\":{}}}"
          : "{\"cluster\":{\"collections\":{\"c\":{\"shards\":{\"shard1\":{\"replicas\":{\"r1\":{\"state\":\"" + state + "\"}}}}}}}}");
      default -> answer(x, 400, "{\"error\":{\"msg\":\"unexpected action " + action + "\"}}");
    }
  }

  private static void answer(HttpExchange x, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, body.length);
    x.getResponseBody().write(body);
    x.close();
  }

  private SolrCollection collection() {
    URI node = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/solr");
    return new SolrCollection(new SolrHttp(List.of(node), Duration.ofSeconds(10)), "c");
  }

  @Test
  void aCoreCreationFailureIsDeletedAndTriedAgain() {
    createAnswers.add(new Object[] {400, CORE_FAILED});
    createAnswers.add(new Object[] {200, "{}"});
    collection().create(1, 1, Duration.ofSeconds(30));
    assertEquals(List.of("CREATE", "DELETE", "CREATE"), actions.stream().filter(a -> !a.equals("CLUSTERSTATUS")).toList());
    assertEquals("active", state);
  }

  @Test
  void aClusterThatNeverMakesTheCoresFailsClearlyAndLeavesNothing() {
    createAnswers.add(new Object[] {400, CORE_FAILED});
    SolrException e = assertThrows(SolrException.class, () -> collection().create(1, 1, Duration.ofSeconds(30)));
    assertTrue(e.getMessage().contains("failed " + SolrCollection.CREATE_ATTEMPTS + " times"), e.getMessage());
    assertTrue(e.getMessage().contains("Underlying core creation failed"), e.getMessage());
    assertEquals(SolrCollection.CREATE_ATTEMPTS, actions.stream().filter("CREATE"::equals).count());
    assertEquals(null, state, "the half-made collection is deleted");
  }

  @Test
  void aCollectionAnotherProcessCreatedIsAcceptedAsItIs() {
    state = "active";
    createAnswers.add(new Object[] {400, "{\"error\":{\"msg\":\"collection already exists: c\"}}"});
    collection().create(1, 1, Duration.ofSeconds(30));
    assertEquals(List.of("CREATE"), actions.stream().filter(a -> !a.equals("CLUSTERSTATUS")).toList());
  }

  @Test
  void anyOtherRefusalIsFinal() {
    createAnswers.add(new Object[] {400, "{\"error\":{\"msg\":\"numShards must be > 0\"}}"});
    SolrException e = assertThrows(SolrException.class, () -> collection().create(0, 1, Duration.ofSeconds(30)));
    assertTrue(e.getMessage().contains("numShards must be > 0"), e.getMessage());
    assertEquals(List.of("CREATE"), actions.stream().filter(a -> !a.equals("CLUSTERSTATUS")).toList());
  }
}

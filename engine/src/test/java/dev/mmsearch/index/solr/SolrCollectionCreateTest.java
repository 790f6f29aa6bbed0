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
 * collection, which must be deleted and the creation tried again, not taken as final; a half-made
 * collection a writer finds when it opens is completed or replaced, and any other collection is
 * left as it is. (SolrHalfMadeCollectionTest completes a real one on the test cluster.)
 */
class SolrCollectionCreateTest {

  private static final String CORE_FAILED = "{\"error\":{\"msg\":\"Underlying core creation failed while creating collection: c\"}}";

  private HttpServer server;
  /** What CREATE answers, in turn (status, body); the last is repeated. */
  private final Deque<Object[]> createAnswers = new java.util.ArrayDeque<>();
  private final List<String> actions = Collections.synchronizedList(new ArrayList<>());
  /** The collection's replica state in CLUSTERSTATUS ("none": a shard without replicas), or null when it does not exist. */
  private volatile String state;
  /** What CREATE and ADDREPLICA leave the replica in. */
  private volatile String made = "active";
  /** The configset the collection uses: mmsearch names it after the collection. */
  private volatile String configName = "c";
  /** The collection's properties (ZooKeeper), as JSON; null when none were set. */
  private volatile String properties;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/solr/admin/configs", x -> answer(x, 200, "{}"));
    server.createContext("/solr/admin/collections", this::collections);
    server.createContext("/api/cluster/zookeeper/data/collections/c/collectionprops.json",
        x -> answer(x, properties == null ? 404 : 200, properties == null ? "{}" : properties));
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
          state = made;
        } else if (a[1] == CORE_FAILED) {
          state = "down"; // a core that could not be made leaves a half-made collection
        }
        answer(x, status, (String) a[1]);
      }
      case "ADDREPLICA" -> {
        state = made;
        answer(x, 200, "{}");
      }
      case "DELETE" -> {
        state = null;
        answer(x, 200, "{}");
      }
      case "CLUSTERSTATUS" -> answer(x, 200, state == null ? "{\"cluster\":{\"collections\":{}}}"
          : "{\"cluster\":{\"collections\":{\"c\":{\"configName\":\"" + configName + "\",\"shards\":{\"shard1\":{\"replicas\":"
              + (state.equals("none") ? "{}" : "{\"r1\":{\"state\":\"" + state + "\"}}") + "}}}}}}");
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
    // Backing off 10 ms, 20 ms, 40 ms: the rule is the same as with the default 1 s, the test quicker.
    return new SolrCollection(new SolrHttp(List.of(node), Duration.ofSeconds(10)), "c", Duration.ofMillis(10));
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

  @Test
  void aCreationThatNeverBecomesActiveIsDeletedAndFailsClearly() {
    made = "down";
    createAnswers.add(new Object[] {200, "{}"});
    SolrException e = assertThrows(SolrException.class, () -> collection().create(1, 1, Duration.ofSeconds(2)));
    assertTrue(e.getMessage().contains("1 of 1 replicas not active"), e.getMessage());
    assertEquals(List.of("CREATE", "DELETE"), actions.stream().filter(a -> !a.equals("CLUSTERSTATUS")).toList());
    assertEquals(null, state, "the half-made collection is deleted");
  }

  @Test
  void aHalfMadeCollectionFoundOnOpenGetsItsMissingReplicas() {
    state = "none"; // a shard without a replica: never active
    collection().ensure(1, 1, Duration.ofSeconds(1));
    assertEquals(List.of("ADDREPLICA"), actions.stream().filter(a -> !a.equals("CLUSTERSTATUS")).toList());
    assertEquals("active", state);
  }

  @Test
  void aHalfMadeCollectionThatStaysDownIsDeletedAndCreatedAgain() {
    state = "down"; // its one replica never comes up
    createAnswers.add(new Object[] {200, "{}"});
    collection().ensure(1, 1, Duration.ofSeconds(1));
    assertEquals(List.of("DELETE", "CREATE"), actions.stream().filter(a -> !a.equals("CLUSTERSTATUS")).toList());
    assertEquals("active", state);
  }

  @Test
  void aCollectionAWriterOpenedIsTakenAsItIsEvenWhenDown() {
    state = "down";
    properties = "{\"mmsearch.schema\":\"{}\"}";
    collection().ensure(1, 1, Duration.ofSeconds(1));
    assertEquals(List.of(), actions.stream().filter(a -> !a.equals("CLUSTERSTATUS")).toList());
    assertEquals("down", state);
  }

  @Test
  void aCollectionAnOperatorMadeIsTakenAsItIsEvenWhenDown() {
    state = "none";
    configName = "_default";
    collection().ensure(1, 1, Duration.ofSeconds(1));
    assertEquals(List.of(), actions.stream().filter(a -> !a.equals("CLUSTERSTATUS")).toList());
  }
}

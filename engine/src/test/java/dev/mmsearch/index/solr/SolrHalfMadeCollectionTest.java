package dev.mmsearch.index.solr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.backend.IndexBackends;
import dev.mmsearch.testing.ClusterTest;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A half-made collection on the real test cluster — its configset and shards exist, its cores
 * were never made, as a creation that died half-way leaves it — is completed when a writer opens
 * it, and then takes items. (The fake admin API of {@link SolrCollectionCreateTest} covers the
 * other cases: replaced when it stays down, left alone when it is not mmsearch's half-made one.)
 */
@ClusterTest
class SolrHalfMadeCollectionTest {

  @Test
  void aCollectionLeftWithoutCoresIsCompletedWhenAWriterOpensIt() throws Exception {
    String location = SolrCluster.shared().collection("half-made", 2, 2);
    SolrBackend backend = SolrBackend.parse(location);
    SolrHttp http = new SolrHttp(backend.nodes(), Duration.ofSeconds(30));
    String name = backend.collection();
    SolrHttp.ok(http.send("/admin/configs?action=UPLOAD&overwrite=true&name=" + name, SolrCollection.configsetZip(),
        "application/octet-stream", RetryPolicy.WRITES), "uploading the configset");
    SolrHttp.ok(http.post("/admin/collections", new SolrParams().add("action", "CREATE").add("name", name).add("numShards", 2)
        .add("collection.configName", name).add("createNodeSet", "EMPTY"), RetryPolicy.WRITES), "creating without cores");
    SolrCollection collection = new SolrCollection(http, name);
    assertEquals(Map.of("shard1", 0, "shard2", 0), activeReplicas(collection.state()));

    collection.ensure(2, 2, Duration.ofSeconds(3));
    assertEquals(Map.of("shard1", 2, "shard2", 2), activeReplicas(collection.state()));

    Random r = new Random(7);
    try (ItemIndex writer = IndexBackends.of(location).openForWriting(SolrFailoverTest.SCHEMA)) {
      for (int i = 0; i < 20; i++) {
        writer.upsert(SolrFailoverTest.item(i, r));
      }
      writer.commit(Map.of());
      assertEquals(20, writer.stats().items());
    }
  }

  private static Map<String, Integer> activeReplicas(JsonNode state) {
    Map<String, Integer> out = new java.util.TreeMap<>();
    state.path("shards").fields().forEachRemaining(shard -> {
      int active = 0;
      for (JsonNode replica : shard.getValue().path("replicas")) {
        active += "active".equals(replica.path("state").asText()) ? 1 : 0;
      }
      out.put(shard.getKey(), active);
    });
    return out;
  }
}

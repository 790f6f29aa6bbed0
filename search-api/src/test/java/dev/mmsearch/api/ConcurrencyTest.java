package dev.mmsearch.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many parallel queries while a writer commits to the same index: zero errors, and the new items show up. */
@QuarkusTest
class ConcurrencyTest {

  @Test
  void queriesDuringCommitsNeverFail() throws Exception {
    AtomicInteger ok = new AtomicInteger();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    int added = 60;
    try (Spaces spaces = Spaces.load(Catalog.load(TestIndex.catalog()), EncoderOptions.DEFAULTS);
        LuceneItemIndex writer = LuceneItemIndex.openForWriting(TestIndex.index(), spaces.schema())) {
      Item template = writer.get("photo.png").orElseThrow();
      Map<String, float[]> vectors = new java.util.HashMap<>();
      for (String f : writer.schema().fields().keySet()) {
        writer.vector("photo.png", f).ifPresent(v -> vectors.put(f, v));
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> queries = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        queries.add(pool.submit(() -> {
          for (int i = 0; i < 30; i++) {
            int status = thread % 2 == 0
                ? given().queryParam("q", "red circle " + i).queryParam("k", 5).get("/api/search").statusCode()
                : given().queryParam("k", 3).get("/api/similar/photo.png").statusCode();
            if (status == 200) {
              ok.incrementAndGet();
            } else {
              failures.add("status " + status);
            }
          }
        }));
      }
      for (int i = 0; i < added; i++) {
        writer.upsert(new Item("copy-" + i, template.source(), "h" + i, template.text(), template.fields(), template.metadata(), vectors));
        if (i % 5 == 4) {
          writer.commit(Map.of());
        }
      }
      for (Future<?> q : queries) {
        q.get();
      }
      pool.shutdown();
      assertEquals(List.of(), failures);
      assertEquals(240, ok.get());
      long deadline = System.nanoTime() + 5_000_000_000L;
      int items = 0;
      while (System.nanoTime() < deadline && (items = given().get("/api/stats").jsonPath().getInt("items")) != TestIndex.ITEMS + added) {
        Thread.sleep(20);
      }
      assertEquals(TestIndex.ITEMS + added, items, "the API picked up the writer's commits without restart");
      for (int i = 0; i < added; i++) {
        writer.delete("copy-" + i);
      }
      writer.commit(Map.of());
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline && given().get("/api/stats").jsonPath().getInt("items") != TestIndex.ITEMS) {
      Thread.sleep(20);
    }
    assertTrue(given().get("/api/stats").jsonPath().getInt("items") == TestIndex.ITEMS);
  }
}

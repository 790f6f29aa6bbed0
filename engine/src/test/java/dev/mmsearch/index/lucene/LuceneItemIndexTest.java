package dev.mmsearch.index.lucene;

import dev.mmsearch.index.*;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded index: the shared contract, and what only a Lucene directory has (segments, the write lock, commits). */
class LuceneItemIndexTest extends ItemIndexContractTestCase {

  @TempDir
  Path dir;

  @Override
  protected IndexBackend newBackend(String name) {
    return new LuceneBackend(dir);
  }

  @Test
  void forceMergeLeavesOneSegmentThatAnswersTheSame() throws Exception {
    Random r = new Random(21);
    try (LuceneItemIndex index = LuceneItemIndex.openForWriting(dir, schema(MODEL_A, VectorFormat.HNSW))) {
      for (int i = 0; i < 300; i++) {
        index.upsert(new Item("m" + i, "", "", "", Map.of(), Map.of(), Map.of("clip.image", unit(r, 8)), null, Map.of(), Map.of()));
        if (i % 50 == 49) {
          index.commit(Map.of()); // a commit per batch, as the indexer does: several segments
        }
      }
      assertTrue(index.segments() > 1, "segments: " + index.segments());
      float[] q = unit(r, 8);
      List<String> before = index.knn("clip.image", q, 10, Filter.NONE).stream().map(Hit::id).toList();
      index.forceMerge(1);
      assertEquals(1, index.segments());
      assertEquals(300, index.stats().items());
      assertEquals(before.getFirst(), index.knn("clip.image", q, 10, Filter.NONE).getFirst().id());
      assertThrows(IllegalArgumentException.class, () -> index.forceMerge(0));
    }
  }

  @Test
  void numberTargetsAreValidatedAndScoreAsStated() {
    NumberTarget near = new NumberTarget("brightness", 0.5, 0.1, NumberTarget.Side.NEAR);
    assertEquals(1.0, near.closeness(0.5), 1e-12);
    assertEquals(Math.exp(-0.5), near.closeness(0.6), 1e-12);
    assertEquals(Math.exp(-0.5), near.closeness(0.4), 1e-12);
    NumberTarget atLeast = new NumberTarget("brightness", 0.5, 0.1, NumberTarget.Side.AT_LEAST);
    // One-sided: inside the bound 0.9 to 1, the further in the higher; outside, 0.9 times the Gaussian.
    assertEquals(0.9, atLeast.closeness(0.5), 1e-12);
    assertEquals(1 - 0.1 * Math.exp(-4), atLeast.closeness(0.9), 1e-12);
    assertEquals(0.9 * Math.exp(-2), atLeast.closeness(0.3), 1e-12);
    assertEquals(1 - 0.1 * Math.exp(-8), new NumberTarget("aspect", 1, 0.1, NumberTarget.Side.AT_MOST).closeness(0.2), 1e-12);
    assertTrue(atLeast.closeness(0.8) > atLeast.closeness(0.7), "no tie inside the bound");
    assertThrows(IllegalArgumentException.class, () -> new NumberTarget("b", 1, 0, NumberTarget.Side.NEAR));
    assertThrows(IllegalArgumentException.class, () -> new NumberTarget("b", Double.NaN, 1, NumberTarget.Side.NEAR));
    assertThrows(IllegalArgumentException.class, () -> new NumberTarget("", 1, 1, NumberTarget.Side.NEAR));
    assertThrows(IllegalArgumentException.class, () -> new Filter.Near(91, 0, 10));
    assertThrows(IllegalArgumentException.class, () -> new Filter.Near(0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Filter.Near(0, 181, 10));
  }

  @Test
  void rangesAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new Filter.Range(null, null));
    assertThrows(IllegalArgumentException.class, () -> new Filter.Range(2.0, 1.0));
    assertThrows(IllegalArgumentException.class, () -> new Filter.Range(Double.NaN, 1.0));
    assertThrows(IllegalArgumentException.class, () -> new Item("x", "", "", "", Map.of(), Map.of(), Map.of(), null, Map.of(),
        Map.of("w", Double.POSITIVE_INFINITY)));
    Map<String, Filter.Range> many = new java.util.HashMap<>();
    for (int i = 0; i <= Filter.MAX_KEYS; i++) {
      many.put("k" + i, new Filter.Range(0.0, null));
    }
    assertThrows(IllegalArgumentException.class, () -> new Filter(Map.of(), Set.of(), many));
  }

  @Test
  void readersPickUpNewCommitsWithoutRestart() throws Exception {
    Random r = new Random(3);
    IndexSchema schema = schema(MODEL_A, VectorFormat.HNSW);
    try (LuceneItemIndex reader = LuceneItemIndex.openForReading(dir, schema, Duration.ZERO)) {
      assertEquals(0, reader.stats().items(), "no index yet: empty, not an error");
      try (LuceneItemIndex writer = LuceneItemIndex.openForWriting(dir, schema)) {
        writer.upsert(item("one", "", Map.of(), Map.of("clip.image", unit(r, 8))));
        assertEquals(0, reader.stats().items(), "uncommitted changes stay invisible");
        writer.commit(Map.of());
        assertEquals(1, reader.stats().items());
        writer.upsert(item("two", "", Map.of(), Map.of("clip.image", unit(r, 8))));
        writer.commit(Map.of());
        assertEquals(2, reader.stats().items());
      }
    }
  }

  @Test
  void anIncompatibleCommitKeepsTheLastGoodViewServing() throws Exception {
    Random r = new Random(13);
    try (LuceneItemIndex writer = LuceneItemIndex.openForWriting(dir, schema(MODEL_A, VectorFormat.HNSW))) {
      writer.upsert(item("a", "", Map.of(), Map.of("clip.image", unit(r, 8))));
      writer.commit(Map.of());
    }
    try (LuceneItemIndex reader = LuceneItemIndex.openForReading(dir, schema(MODEL_A, VectorFormat.HNSW), Duration.ofMillis(20))) {
      assertEquals(1, reader.stats().items());
      // A writer that is not mmsearch's commits vectors of another model into the index.
      try (org.apache.lucene.store.FSDirectory d = org.apache.lucene.store.FSDirectory.open(dir);
          org.apache.lucene.index.IndexWriter foreign = new org.apache.lucene.index.IndexWriter(d,
              new org.apache.lucene.index.IndexWriterConfig())) {
        org.apache.lucene.document.Document doc = new org.apache.lucene.document.Document();
        doc.add(new org.apache.lucene.document.StringField("other", "b", org.apache.lucene.document.Field.Store.YES));
        foreign.addDocument(doc);
        foreign.setLiveCommitData(Map.of(IndexSchema.COMMIT_KEY, schema(MODEL_B, VectorFormat.HNSW).toJson()).entrySet());
        foreign.commit();
      }
      assertThrows(IndexSchemaException.class, reader::refresh);
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (reader.staleReason().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(reader.staleReason().orElseThrow().contains("holds vectors from model model-b"), reader.staleReason().toString());
      assertEquals(1, reader.stats().items(), "still serving the last good commit");
      assertEquals("a", reader.knn("clip.image", unit(r, 8), 5, Filter.NONE).getFirst().id());
      assertEquals(LuceneItemIndexTest.MODEL_A.sha256(), reader.schema().fields().get("clip.image").model().sha256());
    }
  }

  @Test
  void secondWriterFailsAtOnce() throws Exception {
    try (LuceneItemIndex first = LuceneItemIndex.openForWriting(dir, schema(MODEL_A, VectorFormat.HNSW))) {
      IndexLockedException e = assertThrows(IndexLockedException.class,
          () -> LuceneItemIndex.openForWriting(dir, schema(MODEL_A, VectorFormat.HNSW)));
      assertTrue(e.getMessage().contains("already open for writing"), e.getMessage());
      // Reading alongside the writer is fine.
      try (LuceneItemIndex reader = LuceneItemIndex.openForReading(dir, schema(MODEL_A, VectorFormat.HNSW), Duration.ZERO)) {
        assertEquals(0, reader.stats().items());
      }
    }
  }
}

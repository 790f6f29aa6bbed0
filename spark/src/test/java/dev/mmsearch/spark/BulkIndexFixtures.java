package dev.mmsearch.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.index.ItemReader;
import dev.mmsearch.index.backend.IndexBackends;
import dev.mmsearch.index.solr.SolrCluster;
import dev.mmsearch.testing.TestModels;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;

/**
 * What the Spark job's tests share, whether the job runs in the test JVM ({@link BulkIndexJobTest})
 * or on a standalone cluster ({@link SparkStandaloneIT}): the manifest they index, the wait for the
 * job's first acknowledged writes (observed, never a sleep racing the job's start), and the check
 * that a collection holds every item exactly once.
 */
final class BulkIndexFixtures {

  static final String[] WORDS = {"red", "green", "blue", "small", "large", "round", "square", "bright", "dark", "old", "new",
      "cat", "dog", "tree", "house", "car", "boat", "flower", "star", "moon", "sun", "cloud", "river", "stone"};

  private BulkIndexFixtures() {}

  /**
   * {@code pictures} PNGs and a manifest of {@code n} items over them (each picture shared by
   * n/pictures items, captions differ), ids {@link #id item-00000} on; {@code extraLines} follow.
   */
  static Path manifest(Path dir, int n, int pictures, List<String> extraLines) throws IOException {
    Files.createDirectories(dir.resolve("pics"));
    Random r = new Random(n);
    for (int p = 0; p < pictures; p++) {
      BufferedImage img = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setColor(new Color(Color.HSBtoRGB(r.nextFloat(), 0.3f + 0.7f * r.nextFloat(), 0.5f + 0.5f * r.nextFloat())));
      g.fillRect(0, 0, 48, 40);
      g.setColor(new Color(r.nextInt(0x1000000)));
      g.fillOval(r.nextInt(20), r.nextInt(15), 10 + r.nextInt(25), 10 + r.nextInt(20));
      g.dispose();
      ImageIO.write(img, "png", dir.resolve(String.format("pics/p-%03d.png", p)).toFile());
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StringBuilder caption = new StringBuilder();
      for (int w = 0; w < 3 + r.nextInt(4); w++) {
        caption.append(w == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
      }
      lines.add(String.format("{\"id\":\"%s\",\"image\":\"pics/p-%03d.png\",\"text\":\"%s %d\",\"kind\":\"%s\"}", id(i),
          i % pictures, caption, i, i % 2 == 0 ? "even" : "odd"));
    }
    lines.addAll(extraLines);
    return Files.write(dir.resolve("items.jsonl"), lines);
  }

  /** The id of the manifest's item {@code i}. */
  static String id(int i) {
    return String.format("item-%05d", i);
  }

  /** Every {@code step}-th id of a manifest of {@code n} items: what {@link #awaitAcknowledged} watches. */
  static List<String> sample(int n, int step) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i += step) {
      ids.add(id(i));
    }
    return ids;
  }

  /**
   * Waits until at least {@code atLeast} of {@code sample} are in the collection (real-time gets:
   * acknowledged writes, committed or not), or the job ended, or 3 minutes passed; returns how many are.
   */
  static int awaitAcknowledged(ItemReader index, List<String> sample, int atLeast, BooleanSupplier jobEnded)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    int in = index.states(sample).size();
    while (in < atLeast && !jobEnded.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      in = index.states(sample).size();
    }
    return in;
  }

  /**
   * Asserts that the collection at {@code location} holds items 0 to n-1 of the manifest, each
   * exactly once: the count, a scroll of every id (none twice, none missing), and each replica
   * counted alone once all are in sync (replicas of a shard that disagree lost or doubled some).
   */
  static void assertEachItemOnce(SolrCluster cluster, String location, int n) throws IOException {
    try (Spaces spaces = TestModels.spaces();
        ItemReader index = IndexBackends.of(location).openForReading(spaces.schema(), Duration.ZERO)) {
      assertEquals(n, index.stats().items());
      List<String> ids = new ArrayList<>();
      index.forEachItem((id, source) -> ids.add(id));
      Set<String> distinct = new HashSet<>(ids);
      assertEquals(ids.size(), distinct.size(), "no id twice in a scroll of the collection");
      assertEquals(new HashSet<>(sample(n, 1)), distinct, "every item of the manifest, and only those");
      assertEquals(Map.of(), index.states(List.of("missing")));
    }
    Map<String, List<Long>> replicas = cluster.replicaCounts(location);
    replicas.forEach((shard, counts) -> assertEquals(1, counts.stream().distinct().count(),
        "the replicas of " + shard + " agree: " + replicas));
    assertEquals((long) n, replicas.values().stream().mapToLong(List::getFirst).sum(), "items over the shards: " + replicas);
  }
}

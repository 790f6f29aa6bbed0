package dev.mmsearch.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mmsearch.encode.ModelIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {

  private static final ModelIdentity MODEL = new ModelIdentity("m", "a".repeat(64));
  private static final ModelIdentity OTHER = new ModelIdentity("m", "b".repeat(64));

  @Test
  void vectorsSurviveReopeningAndAreKeyedByContentModelAndOutput(@TempDir Path dir) throws Exception {
    String key = FeatureCache.key("bytes of a file".getBytes(StandardCharsets.UTF_8));
    try (FeatureCache c = FeatureCache.open(dir, MODEL, "features")) {
      assertNull(c.get(key));
      c.put(key, new float[] {1, 2, 3});
    }
    try (FeatureCache c = FeatureCache.open(dir, MODEL, "features")) {
      assertArrayEquals(new float[] {1, 2, 3}, c.get(key));
      assertNull(c.get(FeatureCache.key("other bytes".getBytes(StandardCharsets.UTF_8))));
    }
    try (FeatureCache other = FeatureCache.open(dir, OTHER, "features");
        FeatureCache adapted = FeatureCache.open(dir, MODEL, "embeddings")) {
      assertNull(other.get(key), "another model never hits");
      assertNull(adapted.get(key), "another output of the same folder never hits");
    }
  }

  @Test
  void aTruncatedLastEntryIsDroppedAndTheRestKept(@TempDir Path dir) throws Exception {
    try (FeatureCache c = FeatureCache.open(dir, MODEL, "features")) {
      c.put("k1", new float[] {1, 2});
      c.put("k2", new float[] {3, 4});
    }
    Path file;
    try (Stream<Path> files = Files.list(dir)) {
      file = files.findFirst().orElseThrow();
    }
    byte[] all = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(all, all.length - 3)); // an interrupted write
    try (FeatureCache c = FeatureCache.open(dir, MODEL, "features")) {
      assertArrayEquals(new float[] {1, 2}, c.get("k1"));
      assertNull(c.get("k2"));
      c.put("k3", new float[] {5, 6});
    }
    try (FeatureCache c = FeatureCache.open(dir, MODEL, "features")) {
      assertArrayEquals(new float[] {1, 2}, c.get("k1"));
      assertArrayEquals(new float[] {5, 6}, c.get("k3"), "entries written after the cut are read back whole");
    }
    assertNotEquals(FeatureCache.key(new byte[] {1}), FeatureCache.key(new byte[] {2}));
    assertEquals(64, FeatureCache.key(new byte[0]).length());
  }
}

package dev.mmsearch.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.extract.ImageDecoder;
import dev.mmsearch.extract.ImageLimits;
import dev.mmsearch.testing.TestModels;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddingCacheTest {

  private static Spaces spaces;
  private static List<Encoder> text;
  private static List<Encoder> image;

  @BeforeAll
  static void load() {
    spaces = TestModels.spaces();
    text = spaces.accepting(Modality.TEXT).stream().map(s -> s.encoder(Modality.TEXT)).toList();
    image = spaces.accepting(Modality.IMAGE).stream().map(s -> s.encoder(Modality.IMAGE)).toList();
  }

  @AfterAll
  static void close() {
    spaces.close();
  }

  @Test
  void aRepeatedTextIsAnsweredFromTheCacheWithTheSameVectors() {
    EmbeddingCache cache = new EmbeddingCache(1 << 20);
    EncoderInput in = new EncoderInput.Text("a red bicycle");
    Map<Encoder, float[]> first = cache.encode(text, in, EmbeddingCache.ofText("a red bicycle"), Role.QUERY);
    assertEquals(0, cache.hits());
    assertEquals(text.size(), cache.misses());
    Map<Encoder, float[]> second = cache.encode(text, in, EmbeddingCache.ofText("a red bicycle"), Role.QUERY);
    assertEquals(text.size(), cache.hits());
    for (Encoder e : text) {
      assertArrayEquals(first.get(e), second.get(e), 0f);
      assertArrayEquals(e.encode(List.of(in), Role.QUERY).getFirst(), second.get(e), 0f, "what the encoder itself gives");
      assertNotSame(first.get(e), second.get(e), "each caller gets its own array");
    }
    // A caller that writes into its vector does not change what the next one gets.
    second.get(text.getFirst())[0] = 42f;
    assertArrayEquals(first.get(text.getFirst()), cache.encode(text, in, EmbeddingCache.ofText("a red bicycle"),
        Role.QUERY).get(text.getFirst()), 0f);
  }

  @Test
  void theRoleAndTheContentAreInTheKey() {
    EmbeddingCache cache = new EmbeddingCache(1 << 20);
    cache.encode(text, new EncoderInput.Text("a cat"), EmbeddingCache.ofText("a cat"), Role.QUERY);
    cache.encode(text, new EncoderInput.Text("a cat"), EmbeddingCache.ofText("a cat"), Role.DOCUMENT);
    cache.encode(text, new EncoderInput.Text("a dog"), EmbeddingCache.ofText("a dog"), Role.QUERY);
    assertEquals(0, cache.hits());
    cache.encode(text, new EncoderInput.Text("a cat"), null, Role.QUERY);
    assertEquals(0, cache.hits(), "no content key: encoded, not looked up");
  }

  @Test
  void uploadsAreKeyedByTheirBytes() throws Exception {
    EmbeddingCache cache = new EmbeddingCache(1 << 20);
    byte[] bytes = Files.readAllBytes(TestModels.reference("photo.png"));
    EncoderInput picture = new EncoderInput.Image(new ImageDecoder(ImageLimits.DEFAULTS).decode(bytes));
    Map<Encoder, float[]> first = cache.encode(image, picture, EmbeddingCache.ofBytes(bytes), Role.QUERY);
    Map<Encoder, float[]> again = cache.encode(image, picture, EmbeddingCache.ofBytes(bytes.clone()), Role.QUERY);
    assertEquals(image.size(), cache.hits());
    for (Encoder e : image) {
      assertArrayEquals(first.get(e), again.get(e), 0f);
    }
    assertTrue(EmbeddingCache.ofBytes(bytes).matches("sha256:[0-9a-f]{64}"));
  }

  @Test
  void memoryIsBounded() {
    int dimension = text.getFirst().encode(List.of(new EncoderInput.Text("x")), Role.QUERY).getFirst().length;
    long entryBytes = 160 + 4L * dimension;
    EmbeddingCache cache = new EmbeddingCache(20 * entryBytes);
    for (int i = 0; i < 200; i++) {
      cache.encode(text.subList(0, 1), new EncoderInput.Text("query " + i), EmbeddingCache.ofText("query " + i), Role.QUERY);
      // Checked after every write, with no wait: eviction happens on the writing thread.
      assertTrue(cache.entries() <= 20, "after " + (i + 1) + " queries a 20-entry budget holds " + cache.entries());
    }
    assertTrue(cache.entries() <= 20, "a 20-entry budget holds " + cache.entries() + " entries");
    assertThrows(IllegalArgumentException.class, () -> new EmbeddingCache(-1));
    EmbeddingCache.NONE.encode(text, new EncoderInput.Text("x"), EmbeddingCache.ofText("x"), Role.QUERY);
    assertEquals(0, EmbeddingCache.NONE.entries());
  }
}

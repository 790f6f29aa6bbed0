package dev.mmsearch.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.testing.Bombs;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bomb a probe of the served API found ({@link Bombs}) is decoded as a query upload is:
 * on a thread with a server worker's 1 MB stack, the picture at an encoder's target size with its
 * header and EXIF read as the indexer reads them. Each ends in its expected typed outcome, and the
 * thread allocates less than {@link #BUDGET} doing it; before these checks the same files
 * allocated up to 37 GB, ran out of heap or overflowed the stack.
 */
class DecodeBombsTest {

  /** What one decode of any of these may allocate (docs/reliability.md, "Decode budget"; each measured at most 1 MB). */
  static final long BUDGET = 16L << 20;

  /** What each bomb must come to: a decode ("decodes") or the reason it is refused. */
  private static final Map<String, String> EXPECTED = Map.ofEntries(
      Map.entry("vorbis-255-codebooks.ogg", "CORRUPT"),
      Map.entry("vorbis-16-codebooks.ogg", "CORRUPT"),
      Map.entry("vorbis-residue-partitions.ogg", "CORRUPT"),
      Map.entry("vorbis-comments-2147483632.ogg", "EMPTY"), // headers fine once comments are not read; no audio
      Map.entry("vorbis-comments-100000000.ogg", "EMPTY"),
      Map.entry("vorbis-vendor-512mb.ogg", "EMPTY"),
      Map.entry("id3-256mb.mp3", "TRUNCATED"),
      Map.entry("float64-8191-channels.wav", "UNSUPPORTED_FORMAT"),
      Map.entry("icc-255-segments.jpg", "decodes"),
      Map.entry("ztxt-100mb.png", "decodes"),
      Map.entry("itxt-100mb.png", "decodes"),
      Map.entry("vp8l-1x16384-groups.webp", "TRUNCATED"),
      Map.entry("vp8x-canvas-1x65535.webp", "CORRUPT"),
      Map.entry("exif-20000-subifds.png", "decodes"),
      Map.entry("exif-3600-subifds.jpg", "decodes"),
      Map.entry("exif-overlapping-values.jpg", "decodes"),
      Map.entry("vp8l-16384x16384.webp", "TOO_MANY_PIXELS"));

  private static final Map<String, byte[]> BOMBS = Bombs.all();

  private static final AudioDecoder SOUNDS = new AudioDecoder(AudioLimits.DEFAULTS.keeping(10));
  private static final ImageDecoder PICTURES = new ImageDecoder(ImageLimits.DEFAULTS);
  private static final DecodeTarget TARGET = DecodeTarget.forInputs(224, 256);

  static Stream<String> bombs() {
    return BOMBS.keySet().stream();
  }

  @Test
  void everyBombHasAnExpectedOutcome() {
    assertEquals(EXPECTED.keySet(), BOMBS.keySet());
  }

  @ParameterizedTest
  @MethodSource("bombs")
  void aBombEndsAsExpectedWithinTheBudget(String name) throws Exception {
    byte[] bomb = BOMBS.get(name);
    AtomicReference<String> outcome = new AtomicReference<>();
    AtomicReference<Throwable> escaped = new AtomicReference<>();
    long[] allocated = new long[1];
    Thread worker = new Thread(null, () -> {
      long before = allocated();
      try {
        outcome.set(decode(name, bomb));
      } catch (DecodeException e) {
        outcome.set(e.reason().name());
      } catch (Throwable t) {
        escaped.set(t);
      } finally {
        allocated[0] = allocated() - before;
      }
    }, "decode " + name, 1 << 20);
    worker.start();
    worker.join();
    assertEquals(null, escaped.get(), name + " escaped the decoder");
    assertNotNull(outcome.get());
    assertEquals(EXPECTED.get(name), outcome.get(), name);
    assertTrue(allocated[0] < BUDGET, name + " allocated " + (allocated[0] >> 20) + " MB, over the budget of " + (BUDGET >> 20) + " MB");
  }

  private static String decode(String name, byte[] bomb) throws DecodeException {
    if (name.endsWith(".ogg") || name.endsWith(".mp3") || name.endsWith(".wav") || name.endsWith(".flac")) {
      SOUNDS.decode(bomb);
    } else {
      PICTURES.decode(bomb, TARGET);
      ImageDecoder.header(bomb);
      Exif.read(bomb);
    }
    return "decodes";
  }

  /** Bytes this thread has allocated so far (HotSpot). */
  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }
}

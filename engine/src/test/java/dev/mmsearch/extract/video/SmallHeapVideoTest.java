package dev.mmsearch.extract.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Memory is bounded by construction: a child JVM with a {@value #HEAP_MB} MB heap (as
 * search-api's BombIT bounds the packaged server's) decodes an Ultra HD clip (a 3840 × 2160 frame
 * is 12 MB as RGB, 33 MB as ints: it never reaches the heap), an hour-long clip (720 samples of 1
 * KB, 32 moments) and the three-shot clip, and refuses the 24-hour and 16,384² headers, all with
 * the default limits. Frames are decoded and scaled in native memory; the heap holds the
 * signatures, the returned frames (320 px) and the kept sound.
 */
class SmallHeapVideoTest {

  static final int HEAP_MB = 24;

  @Test
  void largeAndLongVideosDecodeInASmallHeap() throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + HEAP_MB + "m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), SmallHeapDecode.class.getName()));
    for (String f : List.of("uhd.mp4", "hour.mp4", "three-shots.mp4", "day.mp4", "side-16384.mp4")) {
      cmd.add(Fixtures.path(f).toString());
    }
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), out);
    assertEquals(0, child.exitValue(), out);
    assertTrue(out.contains("uhd.mp4 decoded 3840x2160 2.0 s, 1 moments, 1 frames"), out);
    assertTrue(out.contains("hour.mp4 decoded 32x18 3600.0 s, 32 moments, 128 frames"), out);
    assertTrue(out.contains("three-shots.mp4 decoded 160x90 9.0 s, 3 moments, 6 frames"), out);
    assertTrue(out.contains("day.mp4 refused TOO_LONG"), out);
    assertTrue(out.contains("side-16384.mp4 refused TOO_MANY_PIXELS"), out);
    System.out.println(out);
  }
}

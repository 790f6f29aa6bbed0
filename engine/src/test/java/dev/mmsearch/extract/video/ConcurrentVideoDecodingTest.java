package dev.mmsearch.extract.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Threads decoding different videos at once through one decoder each get, bit for bit, what a
 * decode on its own gives: every call has its own demuxers, decoders, scalers and I/O callbacks'
 * state. (A shared FLAC reader once returned other requests' samples: {@code ConcurrentDecodingTest}.)
 */
class ConcurrentVideoDecodingTest {

  private static final List<String> FILES = List.of("h264-aac.mp4", "vp9-opus.webm", "h265-aac.mkv", "three-shots.mp4", "av1-opus.mkv", "live.webm");
  private static final int THREADS = 4;
  private static final int ROUNDS = 12;

  private final VideoDecoder decoder = new VideoDecoder(VideoLimits.DEFAULTS);

  /** Everything a decode returns, as comparable values. */
  private record Outcome(String codecs, double seconds, List<String> segments, int posterHash, int audioHash) {}

  private static Outcome outcome(Video v) {
    List<String> segments = new ArrayList<>();
    for (Segment s : v.segments()) {
      StringBuilder b = new StringBuilder(s.start() + "-" + s.end());
      for (VideoFrame f : s.frames()) {
        b.append(' ').append(f.time()).append(':').append(pixels(f.image()));
      }
      segments.add(b.toString());
    }
    return new Outcome(v.container() + "/" + v.videoCodec() + "/" + v.audioCodec(), v.seconds(), segments, pixels(v.poster()),
        v.audio() == null ? 0 : Arrays.hashCode(v.audio().samples()));
  }

  private static int pixels(BufferedImage image) {
    return Arrays.hashCode(image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth()));
  }

  @Test
  void concurrentDecodesGiveWhatSingleDecodesGive() throws Exception {
    List<byte[]> bytes = new ArrayList<>();
    List<Outcome> expected = new ArrayList<>();
    for (String f : FILES) {
      bytes.add(Fixtures.bytes(f));
      expected.add(outcome(decoder.decode(bytes.get(bytes.size() - 1))));
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> runs = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int first = t;
        runs.add(pool.submit(() -> {
          start.await();
          int checked = 0;
          for (int round = 0; round < ROUNDS; round++) {
            // each thread walks the files in its own order, so different files overlap
            int i = (first + round) % FILES.size();
            assertEquals(expected.get(i), outcome(decoder.decode(bytes.get(i))), FILES.get(i) + " on thread " + first);
            checked++;
          }
          return checked;
        }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> run : runs) {
        total += run.get(2, TimeUnit.MINUTES);
      }
      assertEquals(THREADS * ROUNDS, total);
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
    }
  }
}

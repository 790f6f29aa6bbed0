package dev.mmsearch.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.testing.TestModels;
import dev.mmsearch.testing.TestSounds;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many threads decoding different files of one format at once each get, bit for bit, what a
 * decode on its own gives. A decoder that keeps per-stream state in a shared object fails this:
 * JFLAC's Java Sound reader did, and two clients sending two FLAC files got "data ends early",
 * "header is invalid" and each other's sounds.
 */
class ConcurrentDecodingTest {

  private static final int THREADS = 8;

  /** Decodes of each file: sounds are quick, and FLAC's shared reader failed only a few in a hundred. */
  private static final int SOUND_DECODES_PER_FILE = 300;
  private static final int PICTURE_DECODES_PER_FILE = 60;

  private static final AudioDecoder SOUNDS = new AudioDecoder(AudioLimits.DEFAULTS);
  private static final ImageDecoder PICTURES = new ImageDecoder(ImageLimits.DEFAULTS);

  /** Each format with files that differ (rate, depth, channels, coding, size). */
  enum Format {
    WAV("audio/chord.wav", "audio/chord-24.wav", "audio/chord-float.wav", "audio/long.wav"),
    FLAC("audio/chord.flac", "audio/tone-24bit-96k.flac", "generated stereo"),
    OGG("audio/chord.ogg", "audio/hit-one-page.ogg"),
    MP3("audio/chord.mp3", "/extract/tone.mp3"),
    PNG("photo.png", "small.png", "tall-alpha.png"),
    JPEG("photo-progressive.jpg", "photo-cmyk.jpg", "photo-exif6.jpg"),
    WEBP("photo.webp", "/extract/small-lossless.webp", "/extract/tall-alpha.webp"),
    GIF("photo.gif", "small.png as gif"),
    BMP("photo.bmp", "small.png as bmp");

    private final List<String> files;

    Format(String... files) {
      this.files = List.of(files);
    }

    boolean sound() {
      return ordinal() <= MP3.ordinal();
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void concurrentDecodesGiveWhatSingleDecodesGive(Format format) throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String name : format.files) {
      files.put(name, bytes(name));
    }
    Map<String, Object> expected = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      expected.put(f.getKey(), decode(format, f.getValue()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    try {
      int rounds = format.sound() ? SOUND_DECODES_PER_FILE : PICTURE_DECODES_PER_FILE;
      for (int round = 0; round < rounds; round++) {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
          results.add(pool.submit(() -> {
            start.await();
            try {
              return same(expected.get(f.getKey()), decode(format, f.getValue())) ? null : f.getKey() + ": another result";
            } catch (DecodeException e) {
              return f.getKey() + ": " + e.getMessage();
            }
          }));
        }
      }
      start.countDown();
      List<String> failures = new ArrayList<>();
      for (Future<String> r : results) {
        String failure = r.get(2, TimeUnit.MINUTES);
        if (failure != null) {
          failures.add(failure);
        }
      }
      assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())),
          failures.size() + " of " + results.size() + " concurrent " + format + " decodes differ from single ones");
    } finally {
      pool.shutdownNow();
    }
  }

  /** What a decode gives, in a form that compares bit for bit: the samples and rate, or the pixels and size. */
  private static Object decode(Format format, byte[] bytes) throws DecodeException {
    if (format.sound()) {
      Audio a = SOUNDS.decode(bytes);
      return List.of(a.sampleRate(), a.totalFrames(), a.samples());
    }
    BufferedImage img = PICTURES.decode(bytes);
    return List.of(img.getWidth(), img.getHeight(), img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth()));
  }

  private static boolean same(Object a, Object b) {
    List<?> x = (List<?>) a;
    List<?> y = (List<?>) b;
    return x.get(0).equals(y.get(0)) && x.get(1).equals(y.get(1))
        && (x.get(2) instanceof float[] f ? Arrays.equals(f, (float[]) y.get(2)) : Arrays.equals((int[]) x.get(2), (int[]) y.get(2)));
  }

  private static byte[] bytes(String name) throws IOException {
    if (name.equals("generated stereo")) {
      return TestSounds.flac(16000, 16, 1152, false, TestSounds.tone(4000, 16000, 300, 0.3, 16),
          TestSounds.tone(4000, 16000, 500, 0.2, 16));
    }
    if (name.endsWith(" as gif") || name.endsWith(" as bmp")) {
      BufferedImage source = ImageIO.read(TestModels.reference(name.substring(0, name.indexOf(' '))).toFile());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertTrue(ImageIO.write(source, name.substring(name.lastIndexOf(' ') + 1), out));
      return out.toByteArray();
    }
    if (name.startsWith("/")) {
      try (InputStream in = ConcurrentDecodingTest.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new UncheckedIOException(new IOException("no test resource " + name));
        }
        return in.readAllBytes();
      }
    }
    return Files.readAllBytes(TestModels.reference(name));
  }
}

package dev.mmsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.testing.BadImages;
import dev.mmsearch.testing.Bombs;
import dev.mmsearch.testing.TestModels;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged server in a child JVM with a 512 MB heap, hit by concurrent decompression bombs
 * alongside normal queries: the 12 KB PNG declaring 10000 × 10000 pixels (decoded, since the pixel
 * limit is raised to 100 MP here) and a PNG declaring 100000000 × 1; then every bomb of
 * {@link Bombs#all()}, the files a probe of the served API found, eight at a time, while waves of
 * twenty text queries and four picture queries run. Each bomb must get its own expected answer
 * ({@link #EXPECTED}), nothing may get a 5xx, every normal query must succeed (with the default
 * inference wait of 2 s, so a bomb holding an inference slot for long would make them 503, as the
 * probe saw), and after a GC the heap must be back near where it started. Each test prints its
 * figures.
 */
class BombIT {

  static final int HEAP_MB = 512;
  /** How far above its starting level the heap may be after the storm and a GC. */
  static final long SLACK = 64L << 20;

  /**
   * What each bomb of {@link Bombs#all()} must be answered with, as a picture part or a sound part,
   * in JSON or in a form: its decode's outcome ({@code DecodeBombsTest}) as the API maps it. A bomb
   * whose hostile part is never read (an ICC profile over 2 MiB, PNG text chunks, EXIF) is a
   * legitimate picture: decoded and searched, 200.
   */
  static final Map<String, Integer> EXPECTED = Map.ofEntries(
      Map.entry("vorbis-255-codebooks.ogg", 422), // CORRUPT
      Map.entry("vorbis-16-codebooks.ogg", 422), // CORRUPT
      Map.entry("vorbis-residue-partitions.ogg", 422), // CORRUPT
      Map.entry("vorbis-comments-2147483632.ogg", 422), // EMPTY: comments not read, no audio
      Map.entry("vorbis-comments-100000000.ogg", 422), // EMPTY
      Map.entry("vorbis-vendor-512mb.ogg", 422), // EMPTY
      Map.entry("id3-256mb.mp3", 422), // TRUNCATED
      Map.entry("float64-8191-channels.wav", 415), // UNSUPPORTED_FORMAT: over 32 channels
      Map.entry("icc-255-segments.jpg", 200), // profile over 2 MiB left out
      Map.entry("ztxt-100mb.png", 200), // text chunks never inflated
      Map.entry("itxt-100mb.png", 200),
      Map.entry("vp8l-1x16384-groups.webp", 422), // TRUNCATED
      Map.entry("vp8x-canvas-1x65535.webp", 422), // CORRUPT: canvas and bitstream disagree
      Map.entry("exif-20000-subifds.png", 200), // EXIF not read for a query
      Map.entry("exif-3600-subifds.jpg", 200),
      Map.entry("exif-overlapping-values.jpg", 200),
      Map.entry("vp8l-16384x16384.webp", 413)); // TOO_MANY_PIXELS: WebP held to 16 MP

  /** Bombs in flight at once (the probe's "eight such requests at once"). */
  static final int CONCURRENT_BOMBS = 8;
  /** Times each bomb is sent in each of its two encodings. */
  static final int ROUNDS = 2;
  /** Text queries released at once in each wave (the probe saw twenty such queries all get 503). */
  static final int TEXT_PER_WAVE = 20;
  static final int IMAGES_PER_WAVE = 4;

  private static PackagedServer server;
  private static byte[] photo;

  @BeforeAll
  static void start() throws Exception {
    // The inference wait is the default (2 s): a query that waits longer behind the bombs gets 503, which fails the test.
    server = new PackagedServer(List.of("-Xmx" + HEAP_MB + "m", "-Dmmsearch.limits.max-pixels=100000000"), Map.of());
    photo = Files.readAllBytes(TestModels.reference("photo.png"));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void squareAndLineBombsAreDecodedWithinBoundsOrRefused() throws Exception {
    PackagedServer s = server;
    byte[] square = BadImages.greyBomb(10_000, 10_000);
    byte[] line = BadImages.greyBomb(100_000_000, 1);
    assertTrue(square.length < 16_000 && line.length < 16_000, "bombs are small: " + square.length + ", " + line.length);
    warmUp();
    long before = heapAfterGc();

    HeapSampler peak = new HeapSampler();
    ExecutorService pool = Executors.newFixedThreadPool(24);
    List<Future<HttpResponse<String>>> bombs = new ArrayList<>();
    List<Future<HttpResponse<String>>> normal = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      // Square bombs as JSON and as a form upload, line bombs as JSON.
      byte[] bomb = i % 2 == 0 ? square : line;
      boolean form = i % 4 == 2;
      bombs.add(pool.submit(() -> form ? formQuery("image", "b.png", bomb) : jsonQuery("image", bomb)));
    }
    for (int i = 0; i < 16; i++) {
      int n = i;
      normal.add(pool.submit(() -> n % 2 == 0 ? s.get("/api/search?q=red+circle&k=3") : jsonQuery("image", photo)));
    }
    Map<Integer, Integer> bombStatus = new TreeMap<>();
    for (Future<HttpResponse<String>> f : bombs) {
      HttpResponse<String> r = f.get();
      bombStatus.merge(r.statusCode(), 1, Integer::sum);
      assertTrue(List.of(200, 413, 422, 503).contains(r.statusCode()), "bomb answered " + r.statusCode() + " " + r.body());
    }
    for (Future<HttpResponse<String>> f : normal) {
      HttpResponse<String> r = f.get();
      assertEquals(200, r.statusCode(), "normal query during the bombs: " + r.body());
    }
    pool.shutdown();
    peak.stop();
    assertEquals(200, s.get("/q/health/ready").statusCode(), "ready afterwards");
    long after = heapAfterGc();
    String figures = String.format(Locale.ROOT, "heap after GC %d MB before the bombs, %d MB after; peak sampled %d MB of %d MB; bombs %s",
        before >> 20, after >> 20, peak.max() >> 20, HEAP_MB, bombStatus);
    System.out.println("BombIT (square and line bombs): " + figures);
    assertServerHealthy(figures);
    assertTrue(after <= before + SLACK, figures);
    assertTrue(bombStatus.getOrDefault(200, 0) > 0, "the 10000 x 10000 bombs are decoded, subsampled, not refused: " + figures);
  }

  @Test
  void everyBombOfTheProbeGetsItsAnswerWhileNormalQueriesSucceed() throws Exception {
    Map<String, byte[]> all = Bombs.all();
    assertEquals(new java.util.TreeSet<>(all.keySet()), new java.util.TreeSet<>(EXPECTED.keySet()), "every bomb has an expected answer");
    warmUp();
    long before = heapAfterGc();

    HeapSampler peak = new HeapSampler();
    ExecutorService bombPool = Executors.newFixedThreadPool(CONCURRENT_BOMBS);
    record Sent(String name, String encoding, Future<HttpResponse<String>> answer) {}
    List<Sent> sent = new ArrayList<>();
    long stormStart = System.nanoTime();
    for (int round = 0; round < ROUNDS; round++) {
      for (Map.Entry<String, byte[]> bomb : all.entrySet()) {
        String name = bomb.getKey();
        String medium = medium(name);
        byte[] bytes = bomb.getValue();
        sent.add(new Sent(name, "json", bombPool.submit(() -> jsonQuery(medium, bytes))));
        sent.add(new Sent(name, "form", bombPool.submit(() -> formQuery(medium, name, bytes))));
      }
    }
    bombPool.shutdown();

    // Waves of normal queries, each released at once, for as long as bombs are in flight.
    ExecutorService normalPool = Executors.newFixedThreadPool(TEXT_PER_WAVE + IMAGES_PER_WAVE);
    Map<Integer, Integer> normalStatus = new TreeMap<>();
    List<String> normalFailures = new ArrayList<>();
    long slowestNormal = 0;
    int waves = 0;
    int wavesDuringStorm = 0;
    while (waves < 3 || !bombPool.isTerminated()) {
      boolean stormRunning = !bombPool.isTerminated();
      CountDownLatch go = new CountDownLatch(1);
      List<Future<long[]>> wave = new ArrayList<>();
      for (int i = 0; i < TEXT_PER_WAVE + IMAGES_PER_WAVE; i++) {
        boolean text = i < TEXT_PER_WAVE;
        int n = i;
        wave.add(normalPool.submit(() -> {
          go.await();
          long t0 = System.nanoTime();
          HttpResponse<String> r = text ? server.get("/api/search?q=" + (n % 2 == 0 ? "red+circle" : "green+block") + "&k=3")
              : jsonQuery("image", photo);
          if (r.statusCode() != 200) {
            synchronized (normalFailures) {
              normalFailures.add((text ? "text" : "image") + " query: " + r.statusCode() + " " + RawHttp.abbreviated(r.body()));
            }
          }
          return new long[] {r.statusCode(), System.nanoTime() - t0};
        }));
      }
      go.countDown();
      for (Future<long[]> f : wave) {
        long[] r = f.get();
        normalStatus.merge((int) r[0], 1, Integer::sum);
        slowestNormal = Math.max(slowestNormal, r[1]);
      }
      waves++;
      if (stormRunning) {
        wavesDuringStorm++;
      }
    }
    normalPool.shutdown();

    Map<String, List<Integer>> byBomb = new TreeMap<>();
    Map<Integer, Integer> bombStatus = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    for (Sent s : sent) {
      HttpResponse<String> r = s.answer().get();
      byBomb.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(r.statusCode());
      bombStatus.merge(r.statusCode(), 1, Integer::sum);
      if (r.statusCode() != EXPECTED.get(s.name())) {
        wrong.add(s.name() + " as " + s.encoding() + ": " + r.statusCode() + " (expected " + EXPECTED.get(s.name()) + ") "
            + RawHttp.abbreviated(r.body()));
      } else if (r.statusCode() == 200 && !r.body().contains("\"hits\"")) {
        wrong.add(s.name() + " as " + s.encoding() + ": 200 without hits " + RawHttp.abbreviated(r.body()));
      }
    }
    long stormMillis = (System.nanoTime() - stormStart) / 1_000_000;
    peak.stop();
    assertEquals(200, server.get("/q/health/ready").statusCode(), "ready afterwards");
    long after = heapAfterGc();
    String figures = String.format(Locale.ROOT, "%d bombs (%d files x json/form x %d), %d at a time, in %d ms; bombs by status %s;"
        + " %d waves of %d text + %d picture queries (%d during the storm), by status %s, slowest %d ms;"
        + " heap after GC %d MB before, %d MB after; peak sampled %d MB of %d MB", sent.size(), all.size(), ROUNDS,
        CONCURRENT_BOMBS, stormMillis, bombStatus, waves, TEXT_PER_WAVE, IMAGES_PER_WAVE, wavesDuringStorm, normalStatus,
        slowestNormal / 1_000_000, before >> 20, after >> 20, peak.max() >> 20, HEAP_MB);
    System.out.println("BombIT (every bomb of Bombs.all()): " + figures);
    System.out.println("BombIT: statuses per bomb " + byBomb);
    assertServerHealthy(figures);
    assertTrue(bombStatus.keySet().stream().allMatch(status -> status < 500), "no 5xx for a bomb: " + bombStatus);
    assertEquals(List.of(), wrong, "bombs answered otherwise than expected");
    assertTrue(wavesDuringStorm > 0, "normal queries ran while bombs were in flight: " + figures);
    assertEquals(List.of(), normalFailures, "normal queries during the storm");
    assertTrue(after <= before + SLACK, figures);
  }

  /** {@code image} or {@code audio}, by the bomb's file name. */
  private static String medium(String name) {
    return name.matches(".*\\.(ogg|mp3|wav|flac)") ? "audio" : "image";
  }

  private static String contentType(String name) {
    String ext = name.substring(name.lastIndexOf('.') + 1);
    return switch (ext) {
      case "ogg" -> "audio/ogg";
      case "mp3" -> "audio/mpeg";
      case "wav" -> "audio/wav";
      case "flac" -> "audio/flac";
      case "jpg" -> "image/jpeg";
      default -> "image/" + ext;
    };
  }

  private static void warmUp() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertEquals(200, server.get("/api/search?q=red+circle").statusCode());
      assertEquals(200, jsonQuery("image", photo).statusCode());
    }
  }

  private static void assertServerHealthy(String figures) throws IOException {
    assertTrue(server.process().isAlive(), "server alive: " + server.log());
    assertTrue(!server.log().contains("OutOfMemoryError"), "no OutOfMemoryError: " + figures);
    assertTrue(!server.log().contains("StackOverflowError"), "no StackOverflowError: " + figures);
  }

  private static HttpResponse<String> jsonQuery(String medium, byte[] file) throws IOException, InterruptedException {
    String body = "{\"parts\": [{\"type\": \"" + medium + "\", \"data\": \"" + Base64.getEncoder().encodeToString(file) + "\"}], \"k\": 3}";
    return server.post("/api/search", "application/json", body.getBytes(StandardCharsets.US_ASCII));
  }

  private static HttpResponse<String> formQuery(String medium, String fileName, byte[] file) throws IOException, InterruptedException {
    String boundary = "----bomb" + System.nanoTime();
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + medium + "\"; filename=\"" + fileName + "\"\r\n"
        + "Content-Type: " + contentType(fileName) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\n3\r\n--" + boundary + "--\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[head.length + file.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(file, 0, body, head.length, file.length);
    System.arraycopy(tail, 0, body, head.length + file.length, tail.length);
    return server.post("/api/search", "multipart/form-data; boundary=" + boundary, body);
  }

  /** Samples the server's heap every 50 ms until stopped; keeps the largest sample. */
  private static final class HeapSampler {
    private final AtomicLong max = new AtomicLong();
    private final Thread thread = Thread.ofVirtual().start(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          max.accumulateAndGet(heapUsed(), Math::max);
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          // a sample missed under load
        }
      }
    });

    void stop() throws InterruptedException {
      thread.interrupt();
      thread.join();
    }

    long max() {
      return max.get();
    }
  }

  /** Heap in use, from the server's own metrics. */
  private static long heapUsed() throws IOException, InterruptedException {
    long used = 0;
    for (String line : server.get("/q/metrics").body().split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
        used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return used;
  }

  /** Heap in use right after a full GC of the server, forced with jcmd. */
  private static long heapAfterGc() throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(server.process().pid()), "GC.run").redirectErrorStream(true)
        .start();
    String out = new String(gc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, gc.waitFor(), "jcmd GC.run: " + out);
    return heapUsed();
  }
}

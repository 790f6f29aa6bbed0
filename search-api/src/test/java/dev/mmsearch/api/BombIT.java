package dev.mmsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.testing.BadImages;
import dev.mmsearch.testing.TestModels;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The packaged server in a child JVM with a 512 MB heap, hit by eight concurrent decompression
 * bombs (a 12 KB PNG declaring 10000 × 10000 pixels, decoded since the pixel limit is raised to
 * 100 MP; a PNG declaring 100000000 × 1) alongside normal queries. Bombs must be refused or
 * decoded within bounds, normal queries must succeed, and after a GC the heap must be back near
 * where it started.
 */
class BombIT {

  static final int HEAP_MB = 512;
  /** How far above its starting level the heap may be after the storm and a GC. */
  static final long SLACK = 64L << 20;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String base;

  @Test
  void bombsAreRefusedOrDecodedWithinBoundsAndTheHeapComesBack() throws Exception {
    TestIndex collection = new TestIndex();
    collection.start();
    Process server = null;
    Path log = TestIndex.root.resolve("server.log");
    try {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      base = "http://127.0.0.1:" + port;
      List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + HEAP_MB + "m",
          "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
          "-Dmmsearch.limits.max-pixels=100000000", "-Dmmsearch.limits.inference-wait=60s",
          "-jar", System.getProperty("app.jar"));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(Map.of("MMSEARCH_CATALOG", TestIndex.catalog().toString(), "MMSEARCH_INDEX",
          TestIndex.index().toString(), "PORT", Integer.toString(port), "MMSEARCH_REFRESH_INTERVAL", "1s"));
      server = pb.start();
      waitReady(server, log);

      byte[] photo = Files.readAllBytes(TestModels.reference("photo.png"));
      byte[] square = BadImages.greyBomb(10_000, 10_000);
      byte[] line = BadImages.greyBomb(100_000_000, 1);
      assertTrue(square.length < 16_000 && line.length < 16_000, "bombs are small: " + square.length + ", " + line.length);
      for (int i = 0; i < 3; i++) {
        assertEquals(200, get("/api/search?q=red+circle").statusCode());
        assertEquals(200, imageQuery(photo).statusCode());
      }
      long before = heapAfterGc(server);

      AtomicLong peak = new AtomicLong();
      Thread sampler = Thread.ofVirtual().start(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          try {
            peak.accumulateAndGet(heapUsed(), Math::max);
            Thread.sleep(50);
          } catch (InterruptedException e) {
            return;
          } catch (Exception e) {
            // a sample missed under load
          }
        }
      });
      ExecutorService pool = Executors.newFixedThreadPool(24);
      List<Future<HttpResponse<String>>> bombs = new ArrayList<>();
      List<Future<HttpResponse<String>>> normal = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        // Square bombs as JSON and as a form upload, line bombs as JSON.
        byte[] bomb = i % 2 == 0 ? square : line;
        boolean form = i % 4 == 2;
        bombs.add(pool.submit(() -> form ? formQuery(bomb) : imageQuery(bomb)));
      }
      for (int i = 0; i < 16; i++) {
        int n = i;
        normal.add(pool.submit(() -> n % 2 == 0 ? get("/api/search?q=red+circle&k=3") : imageQuery(photo)));
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
      sampler.interrupt();
      assertEquals(200, get("/q/health/ready").statusCode(), "ready afterwards");
      long after = heapAfterGc(server);
      String figures = String.format("heap after GC %d MB before the bombs, %d MB after; peak sampled %d MB of %d MB; bombs %s",
          before >> 20, after >> 20, peak.get() >> 20, HEAP_MB, bombStatus);
      System.out.println("BombIT: " + figures);
      assertTrue(server.isAlive(), "server alive: " + Files.readString(log));
      assertTrue(!Files.readString(log).contains("OutOfMemoryError"), "no OutOfMemoryError: " + figures);
      assertTrue(after <= before + SLACK, figures);
      assertTrue(bombStatus.getOrDefault(200, 0) > 0, "the 10000 x 10000 bombs are decoded, subsampled, not refused: " + figures);
    } finally {
      if (server != null) {
        server.destroyForcibly().waitFor();
      }
      collection.stop();
    }
  }

  private void waitReady(Process server, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new AssertionError("server exited: " + Files.readString(log));
      }
      try {
        if (get("/q/health/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("server not ready in 90 s: " + Files.readString(log));
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> imageQuery(byte[] image) throws IOException, InterruptedException {
    String body = "{\"parts\": [{\"type\": \"image\", \"data\": \"" + Base64.getEncoder().encodeToString(image) + "\"}], \"k\": 3}";
    return http.send(HttpRequest.newBuilder(URI.create(base + "/api/search")).timeout(Duration.ofSeconds(120))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> formQuery(byte[] image) throws IOException, InterruptedException {
    String boundary = "----bomb" + System.nanoTime();
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"b.png\"\r\n"
        + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[head.length + image.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(image, 0, body, head.length, image.length);
    System.arraycopy(tail, 0, body, head.length + image.length, tail.length);
    return http.send(HttpRequest.newBuilder(URI.create(base + "/api/search")).timeout(Duration.ofSeconds(120))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Heap in use, from the server's own metrics. */
  private long heapUsed() throws IOException, InterruptedException {
    long used = 0;
    for (String line : get("/q/metrics").body().split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
        used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return used;
  }

  /** Heap in use right after a full GC of the server, forced with jcmd. */
  private long heapAfterGc(Process server) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(server.pid()), "GC.run").redirectErrorStream(true).start();
    String out = new String(gc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, gc.waitFor(), "jcmd GC.run: " + out);
    return heapUsed();
  }
}

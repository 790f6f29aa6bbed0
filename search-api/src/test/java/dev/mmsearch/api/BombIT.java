package dev.mmsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.testing.BadImages;
import dev.mmsearch.testing.TestModels;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  private PackagedServer server;

  @Test
  void bombsAreRefusedOrDecodedWithinBoundsAndTheHeapComesBack() throws Exception {
    try (PackagedServer s = new PackagedServer(List.of("-Xmx" + HEAP_MB + "m", "-Dmmsearch.limits.max-pixels=100000000",
        "-Dmmsearch.limits.inference-wait=60s"), Map.of())) {
      server = s;
      byte[] photo = Files.readAllBytes(TestModels.reference("photo.png"));
      byte[] square = BadImages.greyBomb(10_000, 10_000);
      byte[] line = BadImages.greyBomb(100_000_000, 1);
      assertTrue(square.length < 16_000 && line.length < 16_000, "bombs are small: " + square.length + ", " + line.length);
      for (int i = 0; i < 3; i++) {
        assertEquals(200, s.get("/api/search?q=red+circle").statusCode());
        assertEquals(200, imageQuery(photo).statusCode());
      }
      long before = heapAfterGc();

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
        normal.add(pool.submit(() -> n % 2 == 0 ? s.get("/api/search?q=red+circle&k=3") : imageQuery(photo)));
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
      assertEquals(200, s.get("/q/health/ready").statusCode(), "ready afterwards");
      long after = heapAfterGc();
      String figures = String.format("heap after GC %d MB before the bombs, %d MB after; peak sampled %d MB of %d MB; bombs %s",
          before >> 20, after >> 20, peak.get() >> 20, HEAP_MB, bombStatus);
      System.out.println("BombIT: " + figures);
      assertTrue(s.process().isAlive(), "server alive: " + s.log());
      assertTrue(!s.log().contains("OutOfMemoryError"), "no OutOfMemoryError: " + figures);
      assertTrue(after <= before + SLACK, figures);
      assertTrue(bombStatus.getOrDefault(200, 0) > 0, "the 10000 x 10000 bombs are decoded, subsampled, not refused: " + figures);
    }
  }

  private HttpResponse<String> imageQuery(byte[] image) throws IOException, InterruptedException {
    String body = "{\"parts\": [{\"type\": \"image\", \"data\": \"" + Base64.getEncoder().encodeToString(image) + "\"}], \"k\": 3}";
    return server.post("/api/search", "application/json", body.getBytes(StandardCharsets.US_ASCII));
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
    return server.post("/api/search", "multipart/form-data; boundary=" + boundary, body);
  }

  /** Heap in use, from the server's own metrics. */
  private long heapUsed() throws IOException, InterruptedException {
    long used = 0;
    for (String line : server.get("/q/metrics").body().split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
        used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return used;
  }

  /** Heap in use right after a full GC of the server, forced with jcmd. */
  private long heapAfterGc() throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(server.process().pid()), "GC.run").redirectErrorStream(true)
        .start();
    String out = new String(gc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, gc.waitFor(), "jcmd GC.run: " + out);
    return heapUsed();
  }
}

package dev.mmsearch.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import javax.imageio.ImageIO;

/**
 * A closed-loop HTTP load generator: C client threads send queries back to back for a fixed time
 * against a running search API; reports p50/p99 latency and QPS per query type. Only loopback
 * targets are meant (the benchmark machine runs both sides).
 */
final class SearchLoad {

  private SearchLoad() {}

  record Result(String kind, int requests, int errors, double qps, double p50ms, double p99ms) {}

  /**
   * Runs each of {@code kinds} (text, image, combined) in turn; {@code window} 0 leaves the server's
   * default ranking depth; query pictures are sent as {@code imageFormat} (jpeg or png).
   */
  static List<Result> run(URI base, int concurrency, Duration duration, int window, List<String> kinds, String imageFormat,
      PrintWriter out) throws Exception {
    if (!List.of("localhost", "127.0.0.1", "[::1]").contains(base.getHost())) {
      throw new IllegalArgumentException("load is only sent to loopback addresses, got: " + base.getHost());
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    List<String> texts = SyntheticCollection.queries(500, 11);
    List<byte[]> images = images(20, imageFormat);
    List<Result> results = new ArrayList<>();
    for (String kind : kinds) {
      if (!List.of("text", "image", "combined").contains(kind)) {
        throw new IllegalArgumentException("query kinds are text, image and combined, got: " + kind);
      }
      IntFunction<HttpRequest> request = i -> switch (kind) {
        case "text" -> HttpRequest.newBuilder(base.resolve("/api/search?k=10" + (window > 0 ? "&window=" + window : "") + "&q="
            + URLEncoder.encode(texts.get(i % texts.size()), StandardCharsets.UTF_8))).GET().build();
        case "image" -> multipart(base, null, images.get(i % images.size()), imageFormat, window);
        default -> multipart(base, texts.get(i % texts.size()), images.get(i % images.size()), imageFormat, window);
      };
      // Warm-up, not measured.
      measure(http, request, concurrency, Duration.ofSeconds(3));
      Result r = measure(http, request, concurrency, duration).withKind(kind);
      out.printf("%-9s %6d requests, %d errors, %7.1f QPS, p50 %6.1f ms, p99 %6.1f ms%n", kind, r.requests(), r.errors(), r.qps(), r.p50ms(), r.p99ms());
      out.flush();
      results.add(r);
    }
    return results;
  }

  private record Raw(int requests, int errors, double qps, double p50ms, double p99ms) {
    Result withKind(String kind) {
      return new Result(kind, requests, errors, qps, p50ms, p99ms);
    }
  }

  private static Raw measure(HttpClient http, IntFunction<HttpRequest> request, int concurrency, Duration duration) throws Exception {
    long end = System.nanoTime() + duration.toNanos();
    AtomicInteger counter = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    List<Future<List<Long>>> futures = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < concurrency; c++) {
      futures.add(pool.submit(() -> {
        List<Long> lat = new ArrayList<>();
        while (System.nanoTime() < end) {
          HttpRequest req = request.apply(counter.getAndIncrement());
          long t0 = System.nanoTime();
          HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
          lat.add(System.nanoTime() - t0);
          if (resp.statusCode() != 200) {
            errors.incrementAndGet();
          }
        }
        return lat;
      }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> f : futures) {
      all.addAll(f.get());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Raw(sorted.length, errors.get(), sorted.length / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99));
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  private static HttpRequest multipart(URI base, String text, byte[] image, String format, int window) {
    String boundary = "mmsearchbench" + Arrays.hashCode(image);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      if (text != null) {
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n" + text + "\r\n").getBytes(StandardCharsets.UTF_8));
      }
      body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\n10\r\n").getBytes(StandardCharsets.UTF_8));
      if (window > 0) {
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"window\"\r\n\r\n" + window + "\r\n")
            .getBytes(StandardCharsets.UTF_8));
      }
      body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"q." + format + "\"\r\nContent-Type: image/"
          + format + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      body.write(image);
      body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return HttpRequest.newBuilder(base.resolve("/api/search"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
  }

  /** Photo-sized query images (640×480, JPEG or PNG): decoding and preprocessing count, as for real uploads. */
  private static List<byte[]> images(int n, String format) throws IOException {
    Random r = new Random(5);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      for (int s = 0; s < 30; s++) {
        g.setColor(new Color(r.nextInt(0x1000000)));
        g.fillOval(r.nextInt(640), r.nextInt(480), 20 + r.nextInt(200), 20 + r.nextInt(200));
      }
      g.dispose();
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      if (!ImageIO.write(img, format, b)) {
        throw new IllegalArgumentException("no image writer for " + format);
      }
      out.add(b.toByteArray());
    }
    return out;
  }
}

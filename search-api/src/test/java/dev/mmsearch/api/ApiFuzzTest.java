package dev.mmsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmsearch.testing.BadImages;
import dev.mmsearch.testing.Bombs;
import dev.mmsearch.testing.TestModels;
import dev.mmsearch.testing.TestSeeds;
import dev.mmsearch.testing.TestSounds;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Sends thousands of generated and mutated requests to the running server over raw sockets (so
 * nothing is cleaned up by a client library): JSON bodies built from the request grammar and then
 * mutated byte by byte, multipart forms, query strings, ids, methods, headers, oversized lines,
 * headers and bodies, chunked bodies, other spellings of every route ({@link PathSpellings}), and
 * the decoder bombs of {@link Bombs} as uploads, whole or mutated. Every response must be below
 * 500, every 4xx must be problem+json with a non-empty detail, and the server must stay ready.
 * A second test sends bursts of concurrent queries with different valid pictures and sounds of
 * every format and compares each answer with the same request sent alone. The seed is printed;
 * {@code -Dtests.seed=N} replays a run, {@code -Dfuzz.cases=N} changes its length.
 *
 * <p>Requests are syntactically valid HTTP/1.1: what a hostile but legitimate client sends. Bytes
 * that are not HTTP at all are answered by the transport itself (docs/reliability.md).
 */
@QuarkusTest
class ApiFuzzTest {

  static final int CASES = Integer.getInteger("fuzz.cases", 3000);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/")
  URL base;

  private Random r;
  private byte[] photo;
  private byte[] bomb;
  private byte[][] sounds;
  private static Map<String, byte[]> bombs;
  private static List<String> bombNames;

  /** Routes tried in other spellings: every protected one ({@link ApiKeyIT#PROTECTED}) and the public ones. */
  static final List<String> ROUTES;

  static {
    List<String> routes = new ArrayList<>(ApiKeyIT.PROTECTED);
    routes.addAll(List.of("/q/health", "/q/health/ready", "/q/health/live", "/", "/index.html", "/js/main.js", "/mmsearch.css"));
    ROUTES = List.copyOf(routes);
  }

  @Test
  void noInputProducesA5xxAndEvery4xxIsAProblem() throws Exception {
    long seed = TestSeeds.seed("ApiFuzzTest");
    r = new Random(seed);
    photo = Files.readAllBytes(TestModels.reference("small.png"));
    sounds = new byte[][] {Files.readAllBytes(TestModels.reference("audio/chord.ogg")),
        Files.readAllBytes(TestModels.reference("audio/chord.mp3")), Files.readAllBytes(TestModels.reference("audio/chord.flac")),
        Files.readAllBytes(TestModels.reference("audio/speech.wav")), Files.readAllBytes(TestModels.reference("audio/long.wav"))};
    bomb = BadImages.greyBomb(4000, 4000);
    if (bombs == null) {
      bombs = Bombs.all();
      bombNames = List.copyOf(bombs.keySet());
    }
    Map<String, Integer> byKind = new TreeMap<>();
    Map<Integer, Integer> byStatus = new TreeMap<>();
    Map<String, Map<Integer, Integer>> newKinds = new TreeMap<>();
    long start = System.nanoTime();
    for (int i = 0; i < CASES; i++) {
      String kind = pickKind();
      byte[] request = generate(kind);
      RawHttp.Reply reply;
      try {
        reply = RawHttp.send(base, request);
      } catch (IOException e) {
        throw new AssertionError("case " + i + " (" + kind + ", seed " + seed + "): " + e + "\n" + preview(request), e);
      }
      byKind.merge(kind, 1, Integer::sum);
      byStatus.merge(reply.status(), 1, Integer::sum);
      if (kind.equals("spelling") || kind.equals("bomb")) {
        newKinds.computeIfAbsent(kind, k -> new TreeMap<>()).merge(reply.status(), 1, Integer::sum);
      }
      String where = "case " + i + " (" + kind + ", seed " + seed + ") got " + reply.status() + " " + reply.text() + "\nfor:\n"
          + preview(request);
      if (reply.status() >= 500) {
        fail(where);
      }
      if (reply.status() >= 400 && !new String(request, 0, 5, StandardCharsets.US_ASCII).startsWith("HEAD ")) {
        assertEquals(Problems.PROBLEM_JSON, reply.headers().getOrDefault("content-type", ""), where);
        JsonNode problem = JSON.readTree(reply.body());
        assertEquals(reply.status(), problem.path("status").asInt(), where);
        assertTrue(!problem.path("detail").asText("").isBlank(), where);
      }
    }
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    System.out.println("ApiFuzzTest: " + CASES + " cases in " + seconds + " s by kind " + byKind + ", by status " + byStatus
        + "; spellings and bombs by status " + newKinds);
    RawHttp.Reply ready = RawHttp.send(base, RawHttp.request("GET", "/q/health/ready", Map.of(), null));
    assertEquals(200, ready.status(), "ready after the run: " + ready.text());
    RawHttp.Reply search = RawHttp.send(base, RawHttp.request("GET", "/api/search?q=red+circle", Map.of(), null));
    assertEquals(200, search.status(), search.text());
    assertTrue(byStatus.getOrDefault(200, 0) > CASES / 20, "the generator also makes valid requests: " + byStatus);
  }

  /** Queries in flight at once in the burst. */
  static final int BURST_THREADS = 8;
  /** Times each file is sent in the burst. */
  static final int BURST_ROUNDS = 3;

  /**
   * Valid pictures and sounds of every format the API decodes, two or more that differ per format
   * (as {@code ConcurrentDecodingTest} decodes them, within this test's 2 s and 1 MB limits).
   */
  static final List<String> DECODABLE = List.of("photo.png", "small.png", "tall-alpha.png", "photo-progressive.jpg", "photo-cmyk.jpg",
      "photo-exif6.jpg", "photo.webp", "/extract/small-lossless.webp", "/extract/tall-alpha.webp", "photo.gif", "photo.bmp",
      "audio/chord.wav", "audio/chord-24.wav", "audio/chord-float.wav", "audio/speech.wav", "audio/chord.flac",
      "audio/tone-24bit-96k.flac", "generated stereo.flac", "audio/chord.ogg", "audio/hit-one-page.ogg", "audio/chord.mp3",
      "/extract/tone.mp3");

  @Test
  void concurrentDecodesOfEveryFormatAnswerAsTheSameRequestAlone() throws Exception {
    long seed = TestSeeds.seed("ApiFuzzTest.concurrent");
    Random rnd = new Random(seed);
    // Each file as JSON or as a form, chosen once: the burst sends exactly the requests sent alone.
    Map<String, byte[]> requests = new LinkedHashMap<>();
    for (String name : DECODABLE) {
      requests.put(name, upload(name, decodable(name), rnd.nextBoolean(), rnd.nextLong()));
    }
    Map<String, String> alone = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : requests.entrySet()) {
      RawHttp.Reply reply = RawHttp.send(base, e.getValue());
      assertEquals(200, reply.status(), e.getKey() + " alone: " + RawHttp.abbreviated(reply.text()));
      alone.put(e.getKey(), ranking(reply));
      assertTrue(!alone.get(e.getKey()).isEmpty(), e.getKey() + " alone finds items: " + RawHttp.abbreviated(reply.text()));
    }
    List<String> order = new ArrayList<>();
    for (int i = 0; i < BURST_ROUNDS; i++) {
      order.addAll(DECODABLE);
    }
    java.util.Collections.shuffle(order, rnd);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(BURST_THREADS);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger overloaded = new java.util.concurrent.atomic.AtomicInteger();
    List<java.util.concurrent.Future<String>> answers = new ArrayList<>();
    long start = System.nanoTime();
    for (String name : order) {
      answers.add(pool.submit(() -> {
        go.await();
        for (int attempt = 0; ; attempt++) {
          RawHttp.Reply reply = RawHttp.send(base, requests.get(name));
          if (reply.status() == 503 && attempt < 5) {
            // The inference gate shedding load (its wait is 2 s): not a wrong answer; sent again.
            overloaded.incrementAndGet();
            Thread.sleep(1000);
            continue;
          }
          return reply.status() == 200 ? ranking(reply) : reply.status() + " " + RawHttp.abbreviated(reply.text());
        }
      }));
    }
    go.countDown();
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      String got = answers.get(i).get();
      if (!got.equals(alone.get(order.get(i)))) {
        wrong.add(order.get(i) + ": alone " + alone.get(order.get(i)) + ", in the burst " + got);
      }
    }
    pool.shutdown();
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("ApiFuzzTest: hits per file alone " + alone.values().stream().map(v -> v.split(" \\| ").length).toList());
    System.out.println("ApiFuzzTest: " + order.size() + " concurrent queries (" + DECODABLE.size() + " files x " + BURST_ROUNDS + ", "
        + BURST_THREADS + " at a time) in " + millis + " ms, " + wrong.size() + " differing from the file alone, " + overloaded.get()
        + " sent again after a 503");
    assertEquals(List.of(), wrong, "seed " + seed);
  }

  /** The ranking an answer gives: its hits' ids and scores, in order. */
  private static String ranking(RawHttp.Reply reply) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (JsonNode hit : JSON.readTree(reply.body()).path("hits")) {
      sb.append(sb.isEmpty() ? "" : " | ").append(hit.path("item").path("id").asText()).append('=').append(hit.path("score").asText());
    }
    return sb.toString();
  }

  /** A query with the file alone (its medium from its extension), in JSON or in a form. */
  private static byte[] upload(String name, byte[] file, boolean form, long boundarySeed) {
    String medium = name.matches(".*\\.(ogg|mp3|wav|flac)") ? "audio" : "image";
    if (!form) {
      String body = "{\"parts\": [{\"type\": \"" + medium + "\", \"data\": \"" + Base64.getEncoder().encodeToString(file)
          + "\"}], \"k\": 7}";
      return RawHttp.request("POST", "/api/search", Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.US_ASCII));
    }
    String boundary = "----burst" + Long.toHexString(boundarySeed);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String fileName = name.substring(name.lastIndexOf('/') + 1);
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + medium + "\"; filename=\"" + fileName
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(file);
    body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\n7\r\n--" + boundary
        + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return RawHttp.request("POST", "/api/search", Map.of("Content-Type", "multipart/form-data; boundary=" + boundary),
        body.toByteArray());
  }

  private static byte[] decodable(String name) throws IOException {
    if (name.equals("generated stereo.flac")) {
      return TestSounds.flac(16000, 16, 1152, false, TestSounds.tone(4000, 16000, 300, 0.3, 16),
          TestSounds.tone(4000, 16000, 500, 0.2, 16));
    }
    if (name.startsWith("/")) {
      try (InputStream in = TestSounds.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IOException("no test resource " + name);
        }
        return in.readAllBytes();
      }
    }
    return Files.readAllBytes(TestModels.reference(name));
  }

  private String pickKind() {
    String[] kinds = {"valid", "valid", "json", "json", "json-mutated", "json-mutated", "multipart", "query", "path", "method", "headers",
        "oversized", "chunked", "spelling", "bomb"};
    return kinds[r.nextInt(kinds.length)];
  }

  private byte[] generate(String kind) {
    return switch (kind) {
      case "valid" -> valid();
      case "json" -> json(JSON.valueToTree(searchBody()).toString().getBytes(StandardCharsets.UTF_8));
      case "json-mutated" -> json(mutate(JSON.valueToTree(searchBody()).toString().getBytes(StandardCharsets.UTF_8)));
      case "multipart" -> multipart();
      case "query" -> RawHttp.request(r.nextBoolean() ? "GET" : "HEAD", "/api/search?" + queryString(), Map.of(), null);
      case "path" -> RawHttp.request("GET", path(), Map.of(), null);
      case "method" -> RawHttp.request(pick("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD", "FOO", "POST", "GET"), path(),
          Map.of("Content-Type", "application/json"), r.nextBoolean() ? "{}".getBytes(StandardCharsets.UTF_8) : null);
      case "headers" -> headers();
      case "oversized" -> oversized();
      case "chunked" -> chunked();
      case "spelling" -> spelling();
      case "bomb" -> bombUpload();
      default -> throw new IllegalStateException(kind);
    };
  }

  // ------------------------------------------------------------------ JSON bodies

  /** A request the API should answer with results: the success paths get fuzzed too. */
  private byte[] valid() {
    return switch (r.nextInt(4)) {
      case 0 -> RawHttp.request("GET", "/api/search?q=" + enc(pick("red circle", "green block", "noise", "photo")) + "&k=" + (1 + r.nextInt(30))
          + (r.nextBoolean() ? "&offset=" + r.nextInt(6) : ""), Map.of(), null);
      case 1 -> RawHttp.request("GET", "/api/similar/" + pick("photo.png", "small.png", "sub%20dir/same%20photo.webp") + "?k=" + (1 + r.nextInt(10)),
          Map.of(), null);
      default -> {
        List<Object> parts = new ArrayList<>();
        parts.add(Map.of("type", "text", "text", pick("red circle", "a green block", "blue square"), "weight", 1 + r.nextInt(3)));
        if (r.nextBoolean()) {
          parts.add(Map.of("type", "image", "data", Base64.getEncoder().encodeToString(r.nextInt(4) == 0 ? bomb : photo),
              "weight", pick(0.5, 1, -0.5)));
        }
        if (r.nextBoolean()) {
          parts.add(Map.of("type", "item", "id", pick("photo.png", "small.png"), "weight", pick(1, -1)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("parts", parts);
        body.put("k", 1 + r.nextInt(20));
        body.put("fusion", pick("score", "rrf"));
        if (r.nextBoolean()) {
          body.put("filter", Map.of("shop", List.of(pick("north", "south", "west"))));
        }
        yield json(JSON.valueToTree(body).toString().getBytes(StandardCharsets.UTF_8));
      }
    };
  }

  private Object searchBody() {
    Map<String, Object> body = new LinkedHashMap<>();
    if (r.nextInt(10) > 0) {
      List<Object> parts = new ArrayList<>();
      int n = r.nextInt(10) == 0 ? r.nextInt(40) : 1 + r.nextInt(3);
      for (int i = 0; i < n; i++) {
        parts.add(r.nextInt(15) == 0 ? anyValue(2) : part());
      }
      body.put("parts", r.nextInt(20) == 0 ? anyValue(2) : parts);
    }
    String[] keys = {"k", "offset", "window", "filter", "ranges", "near", "sort", "fusion", "minScore", "spaces", "fields", "facets"};
    for (String key : keys) {
      if (r.nextInt(3) == 0) {
        body.put(key, value(key));
      }
    }
    if (r.nextInt(12) == 0) {
      body.put(pick("filters", "K", "parts ", "q", "limit", "\u0000"), anyValue(2));
    }
    return r.nextInt(25) == 0 ? anyValue(3) : body;
  }

  private Object part() {
    Map<String, Object> p = new LinkedHashMap<>();
    String type = pick("text", "text", "image", "audio", "item", "palette", "metadata", "smell", "", "TEXT");
    if (r.nextInt(15) > 0) {
      p.put("type", type);
    }
    switch (type) {
      case "text" -> p.put("text", r.nextInt(10) == 0 ? anyValue(1) : text());
      case "image" -> p.put("data", r.nextInt(8) == 0 ? anyValue(1) : imageData());
      case "audio" -> p.put("data", r.nextInt(8) == 0 ? anyValue(1) : soundData());
      case "item" -> p.put("id", r.nextInt(8) == 0 ? anyValue(1) : pick("photo.png", "small.png", "nope", "sub dir/same photo.webp",
          "../etc/passwd", ""));
      case "palette" -> {
        p.put("colours", r.nextInt(8) == 0 ? anyValue(1) : colours());
        if (r.nextInt(2) == 0) {
          p.put("proportions", r.nextInt(6) == 0 ? anyValue(1)
              : java.util.stream.IntStream.range(0, r.nextInt(4)).mapToObj(i -> pick(1, 0.5, 0, -1, 1e308, 3)).toList());
        }
      }
      case "metadata" -> {
        if (r.nextInt(3) > 0) {
          p.put("describe", r.nextInt(6) == 0 ? anyValue(1) : pick("bright", "dark, square", "black and white", "sparkly", "", ", and"));
        }
        if (r.nextInt(2) == 0) {
          p.put("targets", r.nextInt(6) == 0 ? anyValue(2) : java.util.Collections.singletonMap(
              pick("brightness", "width", "file_bytes", "nope", ""), r.nextInt(5) == 0 ? anyValue(1)
                  : java.util.Collections.singletonMap(pick("value", "min", "max", "scale", "near"), pick(0, 0.5, -1, 1e308, "x", -1e-300))));
        }
      }
      default -> p.put(pick("text", "data", "id", "colours", "describe"), text());
    }
    if (r.nextInt(3) == 0) {
      p.put("weight", r.nextInt(5) == 0 ? anyValue(1) : pick(1, -1, 0, 0.5, 100, 101, -100.5, 1e308, -1e-300, 2));
    }
    if (r.nextInt(20) == 0) {
      p.put(pick("wieght", "text", "data", "id"), anyValue(1));
    }
    return p;
  }

  /** Colour lists, mostly valid: 0–20 of #rrggbb, bare hex, names, short or long strings. */
  private List<Object> colours() {
    List<Object> out = new ArrayList<>();
    int n = r.nextInt(8) == 0 ? 17 + r.nextInt(4) : r.nextInt(4);
    for (int i = 0; i < n; i++) {
      out.add(r.nextInt(5) == 0 ? pick("red", "#fff", "ff0000", "#GG0000", "", "#ff00001", null)
          : String.format("#%06x", r.nextInt(0x1000000)));
    }
    return out;
  }

  private Object value(String key) {
    if (r.nextInt(6) == 0) {
      return anyValue(2);
    }
    return switch (key) {
      case "k", "offset", "window" -> pick(0, 1, 5, 20, 99, 100, 101, 999, 1000, 1001, -1, 1 << 30, "5", 5.5);
      case "filter" -> java.util.Collections.singletonMap(pick("shop", "tags", "nope", ""), r.nextBoolean()
          ? List.of(pick("north", "south", "x")) : anyValue(1));
      case "ranges" -> java.util.Collections.singletonMap(pick("width", "taken_year", "nope", ""), r.nextInt(4) == 0 ? anyValue(1)
          : java.util.Collections.singletonMap(pick("min", "max", "from"), pick(0, 100, -1e308, 1e308, "x", 2.5)));
      case "near" -> r.nextInt(4) == 0 ? anyValue(1) : Map.of("latitude", pick(40.4, 91, -90, "x"), "longitude", pick(-3.7, 180, 181),
          "radius", pick(1000, 0, -5, 1e308, 3e7));
      case "sort" -> r.nextInt(4) == 0 ? anyValue(1) : java.util.Collections.singletonMap(pick("by", "order", "key"),
          pick("width", "taken", "desc", "", "nope"));
      case "fusion" -> pick("score", "rrf", "RRF", "borda", "");
      case "minScore" -> pick(0, 0.5, -1, 10, "high", 1e300);
      case "spaces" -> List.of(pick("clip", "dino", "text", "nope"));
      case "fields" -> List.of(pick("clip.image", "clip.text", "dino.image", "text", "text.text", "clip.audio"));
      case "facets" -> pick(true, false, "true", 1, "x");
      default -> null;
    };
  }

  private Object anyValue(int depth) {
    int c = r.nextInt(depth > 0 ? 9 : 6);
    return switch (c) {
      case 0 -> null;
      case 1 -> r.nextBoolean();
      case 2 -> r.nextInt();
      case 3 -> r.nextDouble() * pick(1.0, 1e10, -1e-10);
      case 4 -> text();
      case 5 -> "x".repeat(r.nextInt(3000));
      case 6 -> java.util.Arrays.asList(anyValue(depth - 1), anyValue(depth - 1));
      case 7 -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(text(), anyValue(depth - 1));
        yield m;
      }
      default -> deep(r.nextInt(60));
    };
  }

  private static Object deep(int levels) {
    Object v = 1;
    for (int i = 0; i < levels; i++) {
      v = List.of(v);
    }
    return v;
  }

  private String text() {
    int len = r.nextInt(10) == 0 ? r.nextInt(2100) : r.nextInt(40);
    StringBuilder sb = new StringBuilder();
    String alphabet = "abcdefghij klmnop red circle blue square é漢🙂\u0000\"\\/%&=?+<>";
    for (int i = 0; i < len; i++) {
      sb.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, r.nextInt(alphabet.codePointCount(0, alphabet.length())))));
    }
    if (r.nextInt(20) == 0) {
      // Many distinct terms, as a long pasted text would have.
      for (int i = 0; i < 1500; i++) {
        sb.append(' ').append(Integer.toString(i, 36));
      }
    }
    return sb.toString();
  }

  private String imageData() {
    byte[] img = switch (r.nextInt(6)) {
      case 0 -> bomb;
      case 1 -> randomBytes(r.nextInt(200));
      case 2 -> java.util.Arrays.copyOf(photo, photo.length / 2);
      default -> photo;
    };
    String b64 = Base64.getEncoder().encodeToString(img);
    return switch (r.nextInt(6)) {
      case 0 -> "data:image/png;base64," + b64;
      case 1 -> b64.substring(0, Math.max(0, b64.length() - 1 - r.nextInt(3)));
      case 2 -> b64.replace('A', '%');
      default -> b64;
    };
  }

  /** A sound, cut, mutated or replaced by a picture or noise, as base64 with the usual damage. */
  private byte[] sound() {
    byte[] s = sounds[r.nextInt(sounds.length)];
    return switch (r.nextInt(7)) {
      case 0 -> randomBytes(r.nextInt(300));
      case 1 -> java.util.Arrays.copyOf(s, r.nextInt(s.length));
      case 2, 3 -> mutate(s);
      case 4 -> photo;
      default -> s;
    };
  }

  private String soundData() {
    String b64 = Base64.getEncoder().encodeToString(sound());
    return switch (r.nextInt(5)) {
      case 0 -> "data:audio/ogg;base64," + b64;
      case 1 -> b64.substring(0, Math.max(0, b64.length() - 1 - r.nextInt(3)));
      default -> b64;
    };
  }

  private byte[] mutate(byte[] in) {
    byte[] b = in.clone();
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n && b.length > 0; i++) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(5)) {
        case 0 -> b[at] = (byte) r.nextInt(256);
        case 1 -> b = java.util.Arrays.copyOf(b, at);
        case 2 -> {
          byte[] c = new byte[b.length + 1];
          System.arraycopy(b, 0, c, 0, at);
          c[at] = (byte) "{}[],:\"\\0-e.".charAt(r.nextInt(12));
          System.arraycopy(b, at, c, at + 1, b.length - at);
          b = c;
        }
        case 3 -> {
          byte[] c = new byte[b.length - 1];
          System.arraycopy(b, 0, c, 0, at);
          System.arraycopy(b, at + 1, c, at, b.length - at - 1);
          b = c;
        }
        default -> {
          ByteArrayOutputStream c = new ByteArrayOutputStream();
          c.write(b, 0, at);
          c.write(b, at / 2, at - at / 2);
          c.write(b, at, b.length - at);
          b = c.toByteArray();
        }
      }
    }
    return b;
  }

  private byte[] json(byte[] body) {
    String type = r.nextInt(10) == 0 ? pick("application/json; charset=ISO-8859-1", "application/JSON", "application/json;x=1",
        "application/vnd.api+json") : "application/json";
    return RawHttp.request("POST", "/api/search", Map.of("Content-Type", type), body);
  }

  // ------------------------------------------------------------------ forms, queries, paths

  private byte[] multipart() {
    String boundary = "----mm" + Long.toHexString(r.nextLong());
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      String name = pick("text", "image", "imageWeight", "textWeight", "k", "offset", "window", "fusion", "nope", "image", "audio",
          "audioWeight");
      body.writeBytes(("--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII));
      if (name.equals("image") && r.nextInt(4) > 0) {
        body.writeBytes(("Content-Disposition: form-data; name=\"image\"; filename=\"q.png\"\r\nContent-Type: "
            + pick("image/png", "text/plain", "application/octet-stream", "image/x-nope") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(switch (r.nextInt(4)) {
          case 0 -> bomb;
          case 1 -> randomBytes(r.nextInt(300));
          default -> photo;
        });
      } else if (name.equals("audio") && r.nextInt(4) > 0) {
        body.writeBytes(("Content-Disposition: form-data; name=\"audio\"; filename=\"q.ogg\"\r\nContent-Type: "
            + pick("audio/ogg", "audio/wav", "text/plain", "application/octet-stream") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(sound());
      } else {
        body.writeBytes(("Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(pick("red circle", "5", "-1", "five", "0", "1e9", "rrf", "", text()).getBytes(StandardCharsets.UTF_8));
      }
      body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    if (r.nextInt(8) > 0) {
      body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    byte[] b = r.nextInt(8) == 0 ? mutate(body.toByteArray()) : body.toByteArray();
    String type = r.nextInt(10) == 0 ? "multipart/form-data" : "multipart/form-data; boundary=" + boundary;
    return RawHttp.request("POST", "/api/search", Map.of("Content-Type", type), b);
  }

  private String queryString() {
    List<String> pairs = new ArrayList<>();
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      String key = pick("q", "q", "k", "offset", "window", "fusion", "kk", "Q", "", "colours", "proportions", "look", "lookWeight",
          "coloursWeight", "text", "facets");
      String value = pick("red circle", "five", "-1", "0", "20", "1000", "1001", "99999999999", "rrf", "%zz", "%", "%2", "%00",
          "%E2%82", text(), "#ff0000,#0000ff", "0.7,0.3", "bright, square", ",", "1e999", "true", "false");
      boolean rawEscape = List.of("%zz", "%", "%2", "%00", "%E2%82").contains(value);
      pairs.add(enc(key) + (r.nextInt(10) == 0 ? "" : "=" + (rawEscape ? value : enc(value))));
    }
    return String.join("&", pairs);
  }

  private String path() {
    String id = pick("photo.png", "sub%20dir/same%20photo.webp", "nope", "..%2F..%2Fetc%2Fpasswd", "../../etc/passwd",
        "%2e%2e/%2e%2e/etc/passwd", "outsider", "a%zz", "%00", "x".repeat(r.nextInt(9000)), enc(text()), "", "/");
    return pick("/api/items/", "/api/similar/", "/api/thumbnails/", "/api/originals/", "/api/", "/api/stats/", "/q/", "/",
        "/api/search/") + id + (r.nextInt(5) == 0 ? "?" + queryString() : "");
  }

  private byte[] headers() {
    Map<String, String> h = new LinkedHashMap<>();
    int n = r.nextInt(6);
    for (int i = 0; i < n; i++) {
      h.put(pick("Accept", "X-Api-Key", "Authorization", "Content-Type", "Cookie", "X-Forwarded-For", "Range", "If-None-Match",
          "Accept-Encoding", "X-" + r.nextInt(1000)),
          pick("*/*", "application/xml", "bytes=0-1", "bytes=999999-", "gzip, br", "\"etag\"", "Bearer x", "a=b; c",
              "x".repeat(r.nextInt(9000))));
    }
    return RawHttp.request(pick("GET", "POST"), r.nextBoolean() ? path() : "/api/search?q=red", h, r.nextBoolean()
        ? "{\"parts\":[{\"type\":\"text\",\"text\":\"red\"}]}".getBytes(StandardCharsets.UTF_8) : null);
  }

  private byte[] oversized() {
    return switch (r.nextInt(4)) {
      case 0 -> RawHttp.request("GET", "/api/search?q=" + "a".repeat(8200 + r.nextInt(50_000)), Map.of(), null);
      case 1 -> RawHttp.request("GET", "/api/stats", Map.of("X-Big", "b".repeat(17_000 + r.nextInt(40_000))), null);
      case 2 -> {
        // Declares more than the body limit: answered before the body is sent.
        String head = "POST /api/search HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
            + (40_000_000 + r.nextInt(1000)) + "\r\nConnection: close\r\n\r\n";
        yield head.getBytes(StandardCharsets.US_ASCII);
      }
      default -> {
        // A base64 image over the configured 1 MB test limit, inside JSON.
        String data = Base64.getEncoder().encodeToString(randomBytes(1_100_000));
        yield json(("{\"parts\":[{\"type\":\"image\",\"data\":\"" + data + "\"}]}").getBytes(StandardCharsets.US_ASCII));
      }
    };
  }

  private byte[] chunked() {
    byte[] body = JSON.valueToTree(searchBody()).toString().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("POST /api/search HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    for (int at = 0; at < body.length; ) {
      int len = Math.min(body.length - at, 1 + r.nextInt(64));
      out.writeBytes((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, at, len);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      at += len;
    }
    out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  // ------------------------------------------------------------------ spellings, bombs

  /**
   * A route in another spelling (dot segments, escapes, matrix parameters, doubled slashes,
   * detours through public paths; {@link PathSpellings}), read, or for search also posted to.
   * Without a key configured each must be answered, never with a 5xx.
   */
  private byte[] spelling() {
    String route = pick(ROUTES.toArray(String[]::new));
    String path = PathSpellings.of(route, 1, r).stream().findFirst().orElse(route);
    String query = route.equals("/api/search") ? "?q=red" : "";
    return switch (r.nextInt(4)) {
      case 0 -> RawHttp.request("HEAD", path + query, Map.of(), null);
      case 1 -> RawHttp.request("POST", path, Map.of("Content-Type", "application/json"),
          "{\"parts\": [{\"type\": \"text\", \"text\": \"red\"}]}".getBytes(StandardCharsets.UTF_8));
      default -> RawHttp.request("GET", path + query, Map.of(), null);
    };
  }

  /**
   * One of the decoder bombs (headers declaring huge sizes, counts or depths), whole or mutated, as
   * a picture or sound part (sometimes the other one) in JSON or in a form.
   */
  private byte[] bombUpload() {
    String name = bombNames.get(r.nextInt(bombNames.size()));
    byte[] file = r.nextInt(4) == 0 ? mutate(bombs.get(name)) : bombs.get(name);
    boolean sound = name.matches(".*\\.(ogg|mp3|wav|flac)");
    String medium = r.nextInt(8) == 0 ? (sound ? "image" : "audio") : (sound ? "audio" : "image");
    if (r.nextBoolean()) {
      String body = "{\"parts\": [{\"type\": \"" + medium + "\", \"data\": \"" + Base64.getEncoder().encodeToString(file)
          + "\"}], \"k\": 3}";
      return json(body.getBytes(StandardCharsets.US_ASCII));
    }
    String boundary = "----bomb" + Long.toHexString(r.nextLong());
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + medium + "\"; filename=\"" + name
        + "\"\r\nContent-Type: " + pick(medium + "/" + name.substring(name.lastIndexOf('.') + 1), "application/octet-stream")
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(file);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return RawHttp.request("POST", "/api/search", Map.of("Content-Type", "multipart/form-data; boundary=" + boundary),
        body.toByteArray());
  }

  // ------------------------------------------------------------------ plumbing

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[r.nextInt(options.length)];
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String preview(byte[] request) {
    String s = new String(request, 0, Math.min(request.length, 600), StandardCharsets.ISO_8859_1);
    return s + (request.length > 600 ? "… (" + request.length + " bytes)" : "");
  }
}

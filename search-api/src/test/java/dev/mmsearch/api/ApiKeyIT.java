package dev.mmsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.testing.TestSeeds;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged server with an API key (as {@code mmsearch serve --api-key} starts it), probed as an
 * attacker would: everything but health and the page needs the key, in any of its three forms;
 * hundreds of generated spellings of every protected route without the key (none may answer with
 * content); the methods each path answers; request bodies that trickle in to hold the upload
 * slots; a client that stops sending (idle timeout set to 1 s here).
 */
class ApiKeyIT {

  static final String KEY = "s3cret-key";

  private static PackagedServer server;
  private static URL base;

  @BeforeAll
  static void start() throws Exception {
    server = new PackagedServer(List.of("-Dquarkus.http.idle-timeout=1s", "-Dmmsearch.limits.body-grace=3s",
        "-Dmmsearch.limits.min-body-rate=4096", "-Dmmsearch.limits.body-timeout=8s"), Map.of("MMSEARCH_API_KEY", KEY));
    base = java.net.URI.create(server.base + "/").toURL();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void keyRequiredForTheApiNotForHealthOrThePageAndSlowClientsAreDropped() throws Exception {
    PackagedServer s = server;
    var denied = s.get("/api/stats");
    assertEquals(401, denied.statusCode());
    assertEquals(Problems.PROBLEM_JSON, denied.headers().firstValue("Content-Type").orElse(""));
    assertTrue(denied.headers().firstValue("WWW-Authenticate").orElse("").contains("Bearer"));
    assertTrue(denied.body().contains("requires an API key"), denied.body());
    assertEquals(401, s.get("/api/search?q=x", "X-API-Key", "wrong").statusCode());
    assertEquals(401, s.get("/q/openapi").statusCode());
    assertEquals(401, s.get("/q/metrics").statusCode());
    assertEquals(200, s.get("/api/stats", "X-API-Key", KEY).statusCode());
    assertEquals(200, s.get("/api/search?q=red", "Authorization", "Bearer " + KEY).statusCode());
    assertEquals(200, s.get("/api/thumbnails/photo.png", "Cookie", "mmsearch-api-key=" + KEY).statusCode());
    assertEquals(200, s.get("/q/health/ready").statusCode());
    var page = s.get("/");
    assertEquals(200, page.statusCode());
    assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElse(""));
    assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));

    try (Socket slow = new Socket(base.getHost(), base.getPort())) {
      slow.setSoTimeout(10_000);
      slow.getOutputStream().write("GET /api/stats HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
      slow.getOutputStream().flush();
      long start = System.nanoTime();
      assertEquals(-1, slow.getInputStream().read(), "the server closes the connection");
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      assertTrue(seconds < 5, "within the 1 s idle timeout (took " + seconds + " s)");
    }
  }

  /** Every route that needs the key, as its plain spelling. */
  static final List<String> PROTECTED = List.of("/api/stats", "/api/search", "/api/items/photo.png", "/api/similar/photo.png",
      "/api/thumbnails/photo.png", "/api/originals/photo.png", "/q/metrics", "/q/openapi", "/q/swagger-ui/");

  /** Spellings of each route tried without the key. */
  static final int SPELLINGS = 60;

  @Test
  void noSpellingOfAProtectedRouteAnswersWithoutTheKey() throws Exception {
    // Each plain route answers with the key and refuses without it: the probes below can tell.
    for (String route : PROTECTED) {
      String target = route.equals("/api/search") ? route + "?q=red" : route;
      RawHttp.Reply with = get(target, true);
      assertTrue(with.status() == 200 || with.status() == 301 || with.status() == 302, route + " with the key: " + with.status());
      assertEquals(401, get(target, false).status(), route + " without the key");
    }
    // The probes that answered before this guard decided on the path the router uses.
    List<String> known = List.of("//api/stats", "/./api/stats", "/%2e/api/stats", "/%61pi/stats", "/x/../api/stats",
        "/index.html/../api/stats", "/q/health/../../api/stats", "/q/health;/../../api/stats", "//q/metrics",
        "/q/health/../metrics", "/q/health/../openapi", "//api/items/photo.png", "//api/thumbnails/photo.png",
        "//api/originals/photo.png", "/api/items/photo.png;y=1");
    Map<Integer, Integer> byStatus = new TreeMap<>();
    long seed = TestSeeds.seed("ApiKeyIT");
    Random r = new Random(seed);
    List<String> probes = new ArrayList<>(known);
    for (String route : PROTECTED) {
      probes.addAll(PathSpellings.of(route, SPELLINGS, r));
    }
    for (String probe : probes) {
      boolean post = probe.contains("search") && r.nextBoolean();
      RawHttp.Reply reply = RawHttp.send(base, post
          ? RawHttp.request("POST", probe, Map.of("Content-Type", "application/json"),
              "{\"parts\": [{\"type\": \"text\", \"text\": \"red\"}]}".getBytes(StandardCharsets.UTF_8))
          : RawHttp.request("GET", probe + (probe.contains("search") ? "?q=red" : ""), Map.of(), null));
      byStatus.merge(reply.status(), 1, Integer::sum);
      String where = (post ? "POST " : "GET ") + probe + " (seed " + seed + ") answered " + reply.status() + ": "
          + RawHttp.abbreviated(reply.text());
      assertTrue(reply.status() >= 400 && reply.status() < 500, where);
      assertEquals(Problems.PROBLEM_JSON, reply.headers().get("content-type"), where);
      assertFalse(reply.text().contains("\"items\"") || reply.text().contains("openapi") || reply.text().contains("mmsearch_"), where);
    }
    System.out.println("ApiKeyIT: " + probes.size() + " spellings of " + PROTECTED.size() + " routes, by status " + byStatus);
    assertTrue(probes.size() >= PROTECTED.size() * SPELLINGS / 2, "the generator makes hundreds of spellings: " + probes.size());
  }

  @Test
  void healthAndEveryFileOfThePageAnswerWithoutTheKeyAndNothingElseDoes() throws Exception {
    for (String path : List.of("/q/health", "/q/health/live", "/q/health/ready", "/")) {
      assertEquals(200, get(path, false).status(), path);
    }
    Set<String> files = pageFiles();
    assertTrue(files.contains("/index.html") && files.contains("/js/main.js"), "found the page's files: " + files);
    for (String file : files) {
      assertEquals(200, get(file, false).status(), file + " is served without the key");
    }
    // Deny by default: an unknown path needs the key too, and so does writing to a public one.
    assertEquals(401, get("/nothing-here", false).status());
    assertEquals(401, get("/q/health/x", false).status());
    assertEquals(401, RawHttp.send(base, RawHttp.request("PUT", "/q/health", Map.of(), new byte[0])).status());
  }

  @Test
  void pathsOutsideTheApiAnswerReadsOnly() throws Exception {
    for (String path : List.of("/q/health", "/q/health/ready", "/q/metrics", "/q/openapi", "/", "/index.html")) {
      for (String method : List.of("TRACE", "PUT", "DELETE", "PATCH", "POST", "FOO")) {
        RawHttp.Reply reply = RawHttp.send(base, RawHttp.request(method, path, Map.of("X-API-Key", KEY), null));
        assertEquals(405, reply.status(), method + " " + path + ": " + RawHttp.abbreviated(reply.text()));
        assertEquals("GET, HEAD", reply.headers().get("allow"), method + " " + path);
        assertEquals(Problems.PROBLEM_JSON, reply.headers().get("content-type"));
      }
    }
    RawHttp.Reply api = RawHttp.send(base, RawHttp.request("TRACE", "/api/stats", Map.of("X-API-Key", KEY), null));
    assertEquals(405, api.status());
    assertTrue(api.headers().get("allow").contains("GET"), api.headers().toString());
  }

  @Test
  void tricklingBodiesAreCutOffAndGiveTheirUploadSlotsBack() throws Exception {
    int slots = 8; // mmsearch.limits.max-concurrent-uploads
    List<Socket> slow = new ArrayList<>();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(slots);
    try {
      long start = System.nanoTime();
      // Each keeps sending a byte every 300 ms, as the probe did (a chunk every few seconds): never
      // idle long enough for the 1 s idle timeout, far under the minimum rate.
      List<java.util.concurrent.Future<RawHttp.Reply>> answers = new ArrayList<>();
      for (int i = 0; i < slots; i++) {
        Socket s = startChunked();
        slow.add(s);
        answers.add(pool.submit(() -> trickleUntilAnswered(s)));
      }
      // Connections are spread over several event loops, so the eight heads may be read in any
      // order: give them time to take their slots (well inside the 3 s grace) before the ninth.
      Thread.sleep(500);
      // All slots taken: one more large body is turned away before it is read.
      try (Socket extra = startChunked()) {
        assertEquals(503, RawHttp.parse(readAnswer(extra)).status());
      }
      List<Integer> statuses = new ArrayList<>();
      for (var a : answers) {
        statuses.add(a.get().status());
      }
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      assertEquals(java.util.Collections.nCopies(slots, 408), statuses);
      assertTrue(seconds < 12, "cut off after the 3 s grace at under 4 KiB/s, took " + seconds + " s");
    } finally {
      pool.shutdownNow();
      for (Socket s : slow) {
        s.close();
      }
    }
    // The slots are back: a large body sent at full speed is admitted and answered.
    byte[] body = ("{\"parts\": [{\"type\": \"text\", \"text\": \"red\"}], \"k\": 3" + " ".repeat((int) HttpGuards.LARGE_BODY) + "}")
        .getBytes(StandardCharsets.UTF_8);
    RawHttp.Reply ok = RawHttp.send(base, RawHttp.request("POST", "/api/search", Map.of("Content-Type", "application/json",
        "X-API-Key", KEY), body));
    assertEquals(200, ok.status(), RawHttp.abbreviated(ok.text()));
  }

  private Socket startChunked() throws IOException {
    Socket s = new Socket(base.getHost(), base.getPort());
    s.setSoTimeout(15_000);
    OutputStream out = s.getOutputStream();
    out.write(("POST /api/search HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-API-Key: " + KEY
        + "\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  /** Sends one more byte every 300 ms until the server answers; its answer. */
  private static RawHttp.Reply trickleUntilAnswered(Socket s) throws Exception {
    InputStream in = s.getInputStream();
    OutputStream out = s.getOutputStream();
    for (int i = 0; i < 50 && in.available() == 0; i++) {
      try {
        out.write("1\r\n \r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException closed) {
        break;
      }
      Thread.sleep(300);
    }
    return RawHttp.parse(readAnswer(s));
  }

  private static byte[] readAnswer(Socket s) throws IOException {
    return s.getInputStream().readAllBytes();
  }

  private RawHttp.Reply get(String target, boolean withKey) throws IOException {
    return RawHttp.send(base, RawHttp.request("GET", target, withKey ? Map.of("X-API-Key", KEY) : Map.of(), null));
  }

  /** The files the web module ships under META-INF/resources, as request paths. */
  private static Set<String> pageFiles() throws IOException {
    URL index = ApiKeyIT.class.getClassLoader().getResource("META-INF/resources/index.html");
    Set<String> out = new TreeSet<>();
    if (index.getProtocol().equals("jar")) {
      try (var jar = ((JarURLConnection) index.openConnection()).getJarFile()) {
        jar.stream().filter(e -> !e.isDirectory() && e.getName().startsWith("META-INF/resources/"))
            .forEach(e -> out.add(e.getName().substring("META-INF/resources".length())));
      }
    } else {
      Path root = Path.of(java.net.URI.create(index.toString())).getParent();
      try (Stream<Path> files = Files.walk(root)) {
        files.filter(Files::isRegularFile).forEach(f -> out.add("/" + root.relativize(f).toString().replace('\\', '/')));
      }
    }
    return out;
  }
}

package dev.mmsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./mmsearch} launcher as a newcomer meets it, run as a process on the built jars:
 * help on every command, a JDK that is too old, and {@code serve}, {@code demo} and {@code index}
 * failing the ways they failed a first user — each one {@code error:} line with the exit code of
 * the other commands, never a stack trace.
 */
class LauncherIT {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path LAUNCHER = ROOT.resolve("mmsearch");

  static TestIndex collection = new TestIndex();

  /** What a run printed and returned. */
  record Run(int code, List<String> out, List<String> err) {
    /** The lines that are the launcher's or the program's own, without the JVM's notes. */
    List<String> own() {
      List<String> lines = new ArrayList<>();
      for (String l : err) {
        if (!l.startsWith("WARNING: Using incubator modules") && !l.startsWith("mmsearch: JAVA_HOME is not set")) {
          lines.add(l);
        }
      }
      return lines;
    }

    void hasNoStackTrace() {
      for (String l : out) {
        assertTrue(!l.startsWith("\tat ") && !l.startsWith("Caused by"), "no stack trace: " + this);
      }
      for (String l : err) {
        assertTrue(!l.startsWith("\tat ") && !l.startsWith("Caused by") && !l.contains("Exception:"), "no stack trace: " + this);
      }
    }
  }

  @BeforeAll
  static void collection() {
    collection.start();
  }

  @AfterAll
  static void cleanUp() {
    collection.stop();
  }

  private static Run run(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().putAll(env);
    Path out = Files.createTempFile("launcher", ".out");
    Path err = Files.createTempFile("launcher", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("launcher did not finish: " + String.join(" ", args));
    }
    return new Run(p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8), Files.readAllLines(err, StandardCharsets.UTF_8));
  }

  private static Run run(String... args) throws Exception {
    return run(Map.of(), args);
  }

  @Test
  void everyCommandHasHelpThatExitsZero() throws Exception {
    Run help = run("help");
    assertEquals(0, help.code(), help.toString());
    assertEquals("mmsearch launcher. Builds the project on first use, then:", help.out().getFirst());
    for (String[] command : new String[][] {{"serve", "--help"}, {"demo", "--help"}}) {
      Run r = run(command);
      assertEquals(0, r.code(), r.toString());
      assertTrue(r.out().getFirst().startsWith("usage: mmsearch " + command[0]), r.toString());
    }
    for (String command : List.of("index", "models", "optimize", "train-adapter", "fit-projection", "train-predictor", "eval")) {
      Run r = run(command, "--help");
      assertEquals(0, r.code(), command + ": " + r);
      assertTrue(r.out().getFirst().startsWith("Usage: mmsearch " + command), command + ": " + r);
      assertEquals(List.of(), r.own(), command + " --help writes nothing to stderr (picocli warned about a '%' once)");
    }
    Run unknown = run("nope");
    assertEquals(2, unknown.code());
    assertEquals("error: unknown command nope", unknown.err().getFirst());
  }

  @Test
  void aJdkOlderThan21IsNamedWithWhatToDo() throws Exception {
    Path fake = Files.createTempDirectory("jdk17");
    Files.createDirectories(fake.resolve("bin"));
    Path java = fake.resolve("bin/java");
    Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"17.0.15\" 2025-04-15' >&2\n");
    java.toFile().setExecutable(true);
    Run r = run(Map.of("JAVA_HOME", fake.toString()), "index", "--help");
    assertEquals(3, r.code(), r.toString());
    assertEquals("error: mmsearch needs a JDK 21 or newer; JAVA_HOME=" + fake + " is Java 17.", r.err().getFirst());
  }

  @Test
  void serveFailuresAreOneLineWithTheExitCodesOfIndex() throws Exception {
    Path badCatalog = Files.writeString(Files.createTempFile("catalog", ".json"), "{\"spaces\": {\"clip\": {\"model\": \"clip-tinyy\"}}}");
    Run typo = run("serve", "--catalog", badCatalog.toString(), "--index", TestIndex.index().toString(), "--port", freePort());
    typo.hasNoStackTrace();
    assertEquals(3, typo.code(), typo.toString());
    assertEquals(1, typo.own().size(), typo.toString());
    assertTrue(typo.own().getFirst().startsWith("error: " + badCatalog + ": space 'clip': model folder not found: "),
        typo.toString());
    assertTrue(typo.own().getFirst().contains("relative to the catalog file's folder"), typo.toString());

    Run mismatch = run("serve", "--catalog", ROOT.resolve("models/bundle/catalog.json").toString(), "--index",
        TestIndex.index().toString(), "--port", freePort());
    mismatch.hasNoStackTrace();
    assertEquals(3, mismatch.code(), mismatch.toString());
    assertEquals(1, mismatch.own().size(), mismatch.toString());
    assertTrue(mismatch.own().getFirst().startsWith("error: field clip.image holds vectors from model clip-tiny@"), mismatch.toString());

    try (ServerSocket busy = new ServerSocket(0)) {
      String port = Integer.toString(busy.getLocalPort());
      Run taken = run("serve", "--catalog", TestIndex.catalog().toString(), "--index", TestIndex.index().toString(), "--port", port);
      assertEquals(3, taken.code(), taken.toString());
      assertEquals(List.of("error: port " + port + " is in use (another mmsearch, or another program): choose another with --port, "
          + "e.g. --port " + (busy.getLocalPort() + 1)), taken.own());
      // demo notices it before indexing anything.
      Run demo = run("demo", TestIndex.root.resolve("photos").toString(), "--catalog", TestIndex.catalog().toString(), "--index",
          TestIndex.root.resolve("demo-index").toString(), "--port", port);
      assertEquals(3, demo.code(), demo.toString());
      assertTrue(demo.own().getFirst().startsWith("error: port " + port + " is in use"), demo.toString());
      assertTrue(!Files.exists(TestIndex.root.resolve("demo-index")), "nothing was indexed");
    }
    Run bad = run("serve", "--catalog", TestIndex.catalog().toString(), "--index", TestIndex.index().toString(), "--port", "80x");
    assertEquals(2, bad.code());
    assertEquals(List.of("error: --port must be a number from 1 to 65535, got: 80x"), bad.own());
  }

  @Test
  void aFileWhereAFolderIsExpectedIsSaidSo() throws Exception {
    Path file = TestIndex.root.resolve("photos/photo.png");
    Run demo = run("demo", file.toString());
    assertEquals(3, demo.code());
    assertEquals(List.of("error: " + file + " is a file, not a folder: give the folder that holds it"), demo.own());
    Run index = run("index", "--catalog", TestIndex.catalog().toString(), "--index", TestIndex.root.resolve("other-index").toString(),
        file.toString());
    assertEquals(3, index.code(), index.toString());
    assertEquals(List.of("error: " + file + " is a file, not a folder: give the folder that holds it, or list files in a manifest "
        + "(--manifest items.jsonl)"), index.own());
    index.hasNoStackTrace();
  }

  /**
   * {@code demo} serves while it indexes: the page is announced once the job's first commit exists,
   * the stats say how far the job got (counts that only grow) until it is done with every file, the
   * job's end is announced, and TERM (what Ctrl-C leads to) stops the server and the job alike.
   */
  @Test
  void demoServesBesideItsIndexingJobAndStopsBoth() throws Exception {
    String port = freePort();
    Path index = TestIndex.root.resolve("demo-served-index");
    Path err = Files.createTempFile("demo", ".err");
    ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "demo", TestIndex.root.resolve("photos").toString(), "--catalog",
        TestIndex.catalog().toString(), "--index", index.toString(), "--port", port).directory(ROOT.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
    Process demo = pb.start();
    List<ProcessHandle> started = new ArrayList<>();
    try {
      awaitLine(demo, err, "mmsearch: search page on http://127.0.0.1:" + port + "/");
      demo.toHandle().descendants().forEach(started::add);
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
      List<com.fasterxml.jackson.databind.JsonNode> seen = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (true) {
        var stats = json.readTree(http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + port + "/api/stats")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        assertTrue(stats.get("indexing").isObject(), "the first answer already says how far the job got: " + stats);
        seen.add(stats);
        if (!stats.get("indexing").get("running").asBoolean()) {
          break;
        }
        assertTrue(System.nanoTime() < deadline, "indexing did not end: " + seen);
        Thread.sleep(100);
      }
      for (int i = 1; i < seen.size(); i++) {
        assertTrue(seen.get(i).get("indexing").get("finished").asLong() >= seen.get(i - 1).get("indexing").get("finished").asLong(),
            "finished only grows: " + seen);
      }
      var done = seen.getLast();
      assertEquals(done.get("indexing").get("listed"), done.get("indexing").get("finished"), done.toString());
      assertEquals(0, done.get("indexing").get("failed").asInt(), done.toString());
      // Every folder item of the test collection (its manifest item is not in this folder).
      assertEquals(TestIndex.ITEMS - 1, done.get("items").asInt(), done.toString());
      awaitLine(demo, err, "mmsearch: indexing of " + TestIndex.root.resolve("photos") + " done");
    } finally {
      demo.toHandle().descendants().forEach(started::add);
      demo.destroy();
      assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "demo stops on TERM");
    }
    assertEquals(130, demo.exitValue(), Files.readString(err));
    for (ProcessHandle h : started) {
      assertTrue(waitGone(h), "left running after the demo stopped: " + h.info());
    }
    String log = Files.readString(err);
    assertTrue(!log.contains("\tat ") && !log.contains("Exception:"), "no stack trace: " + log);
  }

  private static boolean waitGone(ProcessHandle h) throws Exception {
    try {
      h.onExit().get(10, TimeUnit.SECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      h.destroyForcibly();
      return false;
    }
  }

  /** Waits until {@code log} holds a line starting with {@code line}, while {@code p} runs. */
  private static void awaitLine(Process p, Path log, String line) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (Files.readAllLines(log, StandardCharsets.UTF_8).stream().noneMatch(l -> l.startsWith(line))) {
      assertTrue(p.isAlive(), "ended before \"" + line + "\": " + Files.readString(log));
      assertTrue(System.nanoTime() < deadline, "no \"" + line + "\" in 120 s: " + Files.readString(log));
      Thread.sleep(100);
    }
  }

  private static String freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return Integer.toString(s.getLocalPort());
    }
  }
}

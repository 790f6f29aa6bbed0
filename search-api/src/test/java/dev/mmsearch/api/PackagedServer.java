package dev.mmsearch.api;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged application ({@code target/quarkus-app}) in a child JVM over the {@link TestIndex}
 * collection, for tests that need what a user runs: their own heap, their own configuration, one
 * application per process (native libraries load once per JVM).
 */
final class PackagedServer implements AutoCloseable {

  private final TestIndex collection = new TestIndex();
  private final Process process;
  private final Path log;
  final String base;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Starts the server with extra JVM options ({@code -Dmmsearch...}, {@code -Xmx...}) and environment. */
  PackagedServer(List<String> jvmOptions, Map<String, String> environment) throws Exception {
    this(jvmOptions, environment, true);
  }

  /** As above; without {@code waitReady}, returns once the server answers health checks at all (ready or not). */
  PackagedServer(List<String> jvmOptions, Map<String, String> environment, boolean waitReady) throws Exception {
    this(jvmOptions, root -> environment, waitReady);
  }

  /**
   * Starts the server with environment computed once the test collection exists (its folder is
   * {@code TestIndex.root}): how a test points the server at another index of the same collection.
   */
  PackagedServer(List<String> jvmOptions, java.util.function.Function<Path, Map<String, String>> environment, boolean waitReady)
      throws Exception {
    collection.start();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    base = "http://127.0.0.1:" + port;
    log = TestIndex.root.resolve("server.log");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-jar", System.getProperty("app.jar")));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(Map.of("MMSEARCH_CATALOG", TestIndex.catalog().toString(), "MMSEARCH_INDEX",
        TestIndex.index().toString(), "PORT", Integer.toString(port)));
    pb.environment().putAll(environment.apply(TestIndex.root));
    process = pb.start();
    waitFor(waitReady ? 200 : -1);
  }

  /** Polls readiness until it answers {@code status} (-1: any answer). */
  private void waitFor(int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("server exited: " + log());
      }
      try {
        int got = get("/q/health/ready").statusCode();
        if (got == status || status == -1) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("server not ready in 90 s: " + log());
  }

  Process process() {
    return process;
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    try {
      process.destroyForcibly().waitFor();
    } finally {
      collection.stop();
    }
  }
}

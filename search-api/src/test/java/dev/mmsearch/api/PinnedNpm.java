package dev.mmsearch.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Node.js tools the tests use (the OpenAPI linters, axe-core), pinned by a {@code package.json}
 * and lockfile under {@code src/test/<name>} and installed with {@code npm ci} into
 * {@code target/<name>} on first use. Under CI ({@code CI=true}) npm is required; elsewhere a
 * machine without it gets {@code null} and the test skips.
 */
final class PinnedNpm {

  /** The output and exit code of a command. */
  record Result(int code, String output) {}

  private PinnedNpm() {}

  /**
   * The installed folder of {@code src/test/<name>}, or null without npm outside CI.
   *
   * @param marker a file under node_modules whose presence means the install is complete
   */
  static Path install(String name, String marker, String... extraFiles) throws IOException, InterruptedException {
    Path pinned = Path.of("src/test", name);
    Path work = Path.of("target", name);
    if (!onPath("npm")) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException("CI needs npm for " + name + " (.ci/run installs Node.js)");
      }
      return null;
    }
    Files.createDirectories(work);
    for (String f : concat(List.of("package.json", "package-lock.json"), extraFiles)) {
      Files.copy(pinned.resolve(f), work.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.exists(work.resolve("node_modules").resolve(marker))) {
      Result r = run(work, List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), 300);
      if (r.code() != 0) {
        throw new IllegalStateException("npm ci in " + work + " failed: " + r.output());
      }
    }
    return work;
  }

  private static List<String> concat(List<String> a, String[] b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(List.of(b));
    return all;
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  static Result run(Path dir, List<String> cmd, int seconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + cmd);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}

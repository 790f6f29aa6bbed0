package dev.mmsearch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The class path of a pinned pom (a test resource: a Solr cluster, a Spark installation), resolved
 * by the project's own Maven wrapper with {@code dependency:build-classpath}: the first run on a
 * fresh machine downloads from Maven Central as the build does, later runs read the local
 * repository. For programs a test starts in JVMs of their own, whose libraries must never share a
 * class path with mmsearch's.
 */
public final class MavenClasspath {

  private MavenClasspath() {}

  /**
   * Resolves {@code pom}'s dependencies and writes their class path to {@code classpath} (written
   * whole or not at all, so an interrupted resolution is redone next time); Maven's output goes
   * to {@code log}. A pom resolved before by any module of this build (the same bytes) is not
   * resolved again: its class path is kept in the project's {@code target/test-classpaths/}, named
   * by the pom's SHA-256. Each resolution starts a Maven of its own (about 10 s on 2 cores), and
   * four modules start the same Solr cluster.
   */
  public static void resolve(Path pom, Path classpath, Path log) throws IOException, InterruptedException {
    Path mvnw = Path.of("").toAbsolutePath();
    while (mvnw != null && !Files.isExecutable(mvnw.resolve("mvnw"))) {
      mvnw = mvnw.getParent();
    }
    if (mvnw == null) {
      throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath() + " to resolve " + pom + " with");
    }
    Path cached = mvnw.resolve("target").resolve("test-classpaths").resolve(dev.mmsearch.models.HubFetcher.sha256(pom) + ".txt");
    if (!Files.exists(cached)) {
      Files.createDirectories(cached.getParent());
      resolveWith(mvnw, pom, cached, log);
    }
    Path copy = classpath.resolveSibling(classpath.getFileName() + ".tmp");
    Files.copy(cached, copy, StandardCopyOption.REPLACE_EXISTING);
    Files.move(copy, classpath, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Runs Maven on {@code pom}; {@code classpath} is written whole or not at all. */
  private static void resolveWith(Path mvnw, Path pom, Path classpath, Path log) throws IOException, InterruptedException {
    Path partial = Files.createTempFile(classpath.getParent(), classpath.getFileName().toString(), ".tmp");
    List<String> cmd = List.of(mvnw.resolve("mvnw").toString(), "-B", "-q", "-f", pom.toString(), "dependency:build-classpath",
        "-Dmdep.outputFile=" + partial);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("resolving the class path of " + pom + " failed; see " + log);
    }
    Files.move(partial, classpath, StandardCopyOption.REPLACE_EXISTING);
  }
}

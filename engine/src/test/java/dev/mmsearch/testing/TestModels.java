package dev.mmsearch.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the committed tiny test models ({@code models/test} at the repository root). Surefire
 * passes the path as {@code testModels.dir}; running a test from an IDE falls back to walking
 * up from the working directory.
 */
public final class TestModels {

  private TestModels() {}

  public static Path dir() {
    String configured = System.getProperty("testModels.dir");
    if (configured != null) {
      return Path.of(configured);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("models").resolve("test");
      if (Files.isDirectory(candidate.resolve("clip-tiny"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("models/test not found above " + Path.of("").toAbsolutePath());
  }

  public static Path model(String name) {
    return dir().resolve(name);
  }

  /** A folder of the starter bundle with real weights ({@code models/bundle}). */
  public static Path bundle(String name) {
    return dir().getParent().resolve("bundle").resolve(name);
  }

  public static Path reference(String file) {
    return dir().resolve("reference").resolve(file);
  }

  /** The spaces of the test catalog ({@code models/test/catalog.json}) with default encoder options; the caller closes them. */
  public static dev.mmsearch.catalog.Spaces spaces() {
    return dev.mmsearch.catalog.Spaces.load(dev.mmsearch.catalog.Catalog.load(dir().resolve("catalog.json")),
        dev.mmsearch.encode.EncoderOptions.DEFAULTS);
  }
}

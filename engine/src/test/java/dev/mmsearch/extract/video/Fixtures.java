package dev.mmsearch.extract.video;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The committed clips under {@code src/test/resources/video} (made by its make-fixtures.sh). */
final class Fixtures {

  private Fixtures() {}

  static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/video/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture video/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path path(String name) {
    URL url = Fixtures.class.getResource("/video/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no fixture video/" + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}

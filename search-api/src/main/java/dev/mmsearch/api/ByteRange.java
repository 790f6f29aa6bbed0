package dev.mmsearch.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a {@code Range: bytes=…} request header (RFC 9110, 14.1), so an original can
 * be served in parts: a browser's video player seeks by asking for the bytes at the new position.
 * A header with several ranges, another unit or a syntax error is ignored (the whole file is sent,
 * as the RFC allows); a range that starts past the end is unsatisfiable (416).
 *
 * @param first first byte sent
 * @param last last byte sent, inclusive
 */
record ByteRange(long first, long last) {

  private static final Pattern ONE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

  /** Thrown for a well-formed range that lies past the end of the file. */
  static final class Unsatisfiable extends RuntimeException {
    final long size;

    Unsatisfiable(long size) {
      super("the requested range starts past the end of the file (" + size + " bytes)", null, false, false);
      this.size = size;
    }
  }

  long length() {
    return last - first + 1;
  }

  /** The {@code Content-Range} value of this range of a file of {@code size} bytes. */
  String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  /**
   * The range {@code header} asks for in a file of {@code size} bytes; empty when the whole file
   * is to be sent (no header, several ranges, or one this does not read).
   *
   * @throws Unsatisfiable for a range past the end
   */
  static Optional<ByteRange> of(String header, long size) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = ONE.matcher(header.strip());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return Optional.empty();
    }
    if (m.group(1).isEmpty()) { // a suffix: the last n bytes
      long n = Long.parseLong(m.group(2));
      if (n == 0) {
        throw new Unsatisfiable(size);
      }
      return size == 0 ? Optional.empty() : Optional.of(new ByteRange(Math.max(0, size - n), size - 1));
    }
    long first = Long.parseLong(m.group(1));
    long last = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
    if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
      return Optional.empty(); // invalid: ignored
    }
    if (first >= size) {
      throw new Unsatisfiable(size);
    }
    return Optional.of(new ByteRange(first, last));
  }
}

package dev.mmsearch.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one reading of a request's path that every decision in front of the resources is made on
 * (the API key, the methods a path answers), so that no spelling of a protected path can be
 * judged as one path and routed as another.
 *
 * <p>The router decodes percent-escapes, drops matrix parameters and resolves dot segments on its
 * own; a guard that decided on the raw path let {@code //api/stats}, {@code /%61pi/stats} and
 * {@code /q/health/../../api/stats} through. Here the raw path is refused outright where the
 * readings could differ ({@code ;} matrix parameters, {@code .} and {@code ..} segments after
 * decoding, control characters, escapes that are not UTF-8), and otherwise percent-decoded with
 * runs of slashes collapsed: {@link #decoded()} is what the router serves. Which paths may be read
 * without a key is a short allow-list on that decoded path ({@link #isPublic}); everything else,
 * unknown paths included, needs the key.
 */
final class RequestPath {

  /** Health checks a load balancer or orchestrator polls without credentials. */
  static final Set<String> HEALTH = Set.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started");

  /**
   * The search page's files (web module, {@code META-INF/resources}): the page and the duplicates
   * page, their style sheet, their icon and their ES modules. A new page file must match, or it needs the key
   * ({@code ApiKeyIT} checks every file the web module ships).
   */
  static final Pattern PAGE = Pattern.compile("/|/index\\.html|/duplicates\\.html|/mmsearch\\.css|/favicon\\.(?:ico|svg)|/js/[a-z][a-z0-9-]*\\.js");

  private final String decoded;

  private RequestPath(String decoded) {
    this.decoded = decoded;
  }

  /**
   * Reads a raw request path (no query string).
   *
   * @throws IllegalArgumentException why the path is refused, for a 400
   */
  static RequestPath of(String raw) {
    if (raw == null || raw.isEmpty() || raw.charAt(0) != '/') {
      throw new IllegalArgumentException("request path must start with '/'");
    }
    if (raw.indexOf(';') >= 0) {
      throw new IllegalArgumentException("matrix parameters (';' in the path) are not supported; write ';' in an id as %3B");
    }
    String decoded = decode(raw);
    StringBuilder collapsed = new StringBuilder(decoded.length());
    int segmentStart = 0;
    for (int i = 0; i <= decoded.length(); i++) {
      char c = i < decoded.length() ? decoded.charAt(i) : '/';
      if (c < 0x20 || c == 0x7F) {
        throw new IllegalArgumentException("request path holds a control character (0x" + Integer.toHexString(c) + ")");
      }
      if (c == '/') {
        String segment = decoded.substring(segmentStart, i);
        if (segment.equals(".") || segment.equals("..")) {
          throw new IllegalArgumentException("request path holds a '" + segment + "' segment; send the path it stands for");
        }
        segmentStart = i + 1;
        if (i < decoded.length() && !collapsed.isEmpty() && collapsed.charAt(collapsed.length() - 1) == '/') {
          continue;
        }
      }
      if (i < decoded.length()) {
        collapsed.append(c);
      }
    }
    return new RequestPath(collapsed.toString());
  }

  /** The percent-decoded path with runs of {@code /} collapsed to one: the path the router serves. */
  String decoded() {
    return decoded;
  }

  /** Whether the path is under the JSON API. */
  boolean isApi() {
    return decoded.startsWith("/api/");
  }

  /** Whether {@code method} on this path may be used without the API key: reading health and the page. */
  boolean isPublic(String method) {
    return (method.equals("GET") || method.equals("HEAD")) && (HEALTH.contains(decoded) || PAGE.matcher(decoded).matches());
  }

  /** Percent-decodes as UTF-8 ({@code +} is a plus sign in a path); refuses escapes that are not. */
  private static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    int plain = 0;
    for (int i = 0; i < raw.length(); i++) {
      if (raw.charAt(i) != '%') {
        continue;
      }
      bytes.writeBytes(raw.substring(plain, i).getBytes(StandardCharsets.UTF_8));
      int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
      int lo = hi < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
      if (lo < 0) {
        throw new IllegalArgumentException("request path holds a malformed escape at index " + i);
      }
      bytes.write(hi << 4 | lo);
      i += 2;
      plain = i + 1;
    }
    bytes.writeBytes(raw.substring(plain).getBytes(StandardCharsets.UTF_8));
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("request path escapes are not UTF-8");
    }
  }

  @Override
  public String toString() {
    return decoded;
  }
}

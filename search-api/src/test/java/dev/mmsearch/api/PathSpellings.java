package dev.mmsearch.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generates other spellings of a request path, the ways an attacker tries to make a guard and a
 * router read one path two ways: doubled slashes, {@code .} and {@code ..} segments (plain, escaped,
 * in mixed case, overlong UTF-8), a detour through a public path, matrix parameters, percent-escaped
 * letters and slashes, backslashes, a trailing slash or dot, a changed case. Each spelling applies
 * one to three of these, at random places.
 */
final class PathSpellings {

  private static final String[] DETOURS = {"/q/health", "/q/health;", "/index.html", "/js/main.js", "/x", "/", "/q/health/ready"};

  private PathSpellings() {}

  /** {@code n} distinct spellings of {@code path} (a path without a query string), none equal to it. */
  static List<String> of(String path, int n, Random r) {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    for (int tries = 0; out.size() < n && tries < n * 50; tries++) {
      String s = path;
      int steps = 1 + r.nextInt(3);
      for (int i = 0; i < steps; i++) {
        s = once(s, r);
      }
      if (!s.equals(path)) {
        out.add(s);
      }
    }
    return new ArrayList<>(out);
  }

  /** One spelling of {@code path}. */
  static String once(String path, Random r) {
    List<Integer> slashes = new ArrayList<>();
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        slashes.add(i);
      }
    }
    if (slashes.isEmpty()) {
      return "/" + path;
    }
    int at = slashes.get(r.nextInt(slashes.size()));
    return switch (r.nextInt(12)) {
      case 0 -> insert(path, at, "/"); // //api/stats
      case 1 -> insert(path, at, "/" + pick(r, ".", "%2e", "%2E")); // /./api/stats
      case 2 -> insert(path, at, "/" + pick(r, "x", "index.html", "q", "api", "%61") + "/" + pick(r, "..", "%2e%2e", ".%2E", "%2e.",
          "%c0%ae%c0%ae")); // /x/../api/stats
      case 3 -> {
        String detour = pick(r, DETOURS);
        int depth = (int) detour.chars().filter(c -> c == '/').count();
        yield detour + "/..".repeat(depth) + path; // /q/health/../../api/stats
      }
      case 4 -> insert(path, nextSlashOrEnd(path, at), pick(r, ";", ";x=1", ";jsessionid=1", ";/..")); // /api;x=1/stats
      case 5 -> escapeOne(path, r); // /%61pi/stats
      case 6 -> path.substring(0, at) + pick(r, "%2F", "%2f", "%5C", "\\") + path.substring(at + 1); // /api%2Fstats
      case 7 -> path + pick(r, "/", "/.", "/%2e", "//", "/..", "%00", "%20", "%09"); // /api/stats/.
      case 8 -> path.toUpperCase(Locale.ROOT); // /API/STATS
      case 9 -> pick(r, "", "/.", "//.") + "/" + pick(r, ".", "..") + path; // /../api/stats
      case 10 -> escapeAll(path); // every letter escaped
      default -> insert(path, at, "/" + pick(r, "%2e%2e", "..") + "/" + path.substring(1, Math.max(1, path.indexOf('/', 1))));
    };
  }

  private static int nextSlashOrEnd(String path, int at) {
    int next = path.indexOf('/', at + 1);
    return next < 0 ? path.length() : next;
  }

  private static String insert(String s, int at, String what) {
    return s.substring(0, at) + what + s.substring(at);
  }

  private static String escapeOne(String path, Random r) {
    List<Integer> letters = new ArrayList<>();
    for (int i = 0; i < path.length(); i++) {
      if (Character.isLetterOrDigit(path.charAt(i)) || path.charAt(i) == '.' || path.charAt(i) == '-') {
        letters.add(i);
      }
    }
    if (letters.isEmpty()) {
      return path;
    }
    int i = letters.get(r.nextInt(letters.size()));
    String hex = String.format(r.nextBoolean() ? "%%%02X" : "%%%02x", (int) path.charAt(i));
    return path.substring(0, i) + hex + path.substring(i + 1);
  }

  private static String escapeAll(String path) {
    StringBuilder sb = new StringBuilder();
    for (char c : path.toCharArray()) {
      sb.append(c == '/' ? "/" : String.format("%%%02x", (int) c));
    }
    return sb.toString();
  }

  private static String pick(Random r, String... options) {
    return options[r.nextInt(options.length)];
  }
}

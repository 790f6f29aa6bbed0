package dev.mmsearch.api;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses query-string and form values the API reads as text, so that a bad number is a 400 naming
 * the parameter (JAX-RS would answer 404 for a non-numeric {@code Integer} parameter), and an
 * unknown or repeated parameter is a 400 instead of being silently ignored.
 */
final class QueryParams {

  private QueryParams() {}

  /** Refuses parameters outside {@code known} and parameters given more than once. */
  static void check(MultivaluedMap<String, String> given, Set<String> known, String where) {
    for (var e : given.entrySet()) {
      if (!known.contains(e.getKey())) {
        throw new IllegalArgumentException("unknown " + where + " '" + e.getKey() + "' (known: " + new TreeSet<>(known) + ")");
      }
      List<String> values = e.getValue();
      if (values != null && values.size() > 1) {
        throw new IllegalArgumentException(where + " '" + e.getKey() + "' is given " + values.size() + " times; give it once");
      }
    }
  }

  /**
   * A parameter's integer, or null when it is absent. Strict: an empty value, spaces or any other
   * character around the digits ({@code k=%205}, {@code k=5%00}) are errors, not defaults.
   */
  static Integer integer(String name, String value) {
    if (value == null) {
      return null;
    }
    requireValue(name, value, "an integer");
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + name + "' must be an integer, got: '" + abbreviate(value) + "'");
    }
  }

  /** A parameter's finite number, or null when it is absent; strict like {@link #integer}. */
  static Double number(String name, String value) {
    if (value == null) {
      return null;
    }
    requireValue(name, value, "a finite number");
    try {
      // Double.parseDouble skips surrounding whitespace and control characters and takes "1d": refused above and here.
      if (!Character.isDigit(value.charAt(value.length() - 1)) && value.charAt(value.length() - 1) != '.') {
        throw new NumberFormatException();
      }
      double d = Double.parseDouble(value);
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + name + "' must be a finite number, got: '" + abbreviate(value) + "'");
    }
  }

  /** A parameter's {@code true} or {@code false}, or null when it is absent. */
  static Boolean bool(String name, String value) {
    if (value == null) {
      return null;
    }
    requireValue(name, value, "true or false");
    return switch (value) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException("'" + name + "' must be true or false, got: '" + abbreviate(value) + "'");
    };
  }

  private static void requireValue(String name, String value, String expected) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("'" + name + "' is empty; give " + expected + " or leave it out");
    }
    char first = value.charAt(0);
    char last = value.charAt(value.length() - 1);
    if (first <= ' ' || last <= ' ' || Character.isWhitespace(first) || Character.isWhitespace(last)) {
      throw new IllegalArgumentException("'" + name + "' must be " + expected + ", got: '" + abbreviate(value)
          + "' (a space or control character around it)");
    }
  }

  /** A value quoted in an error message, cut so that a huge input does not become a huge response. */
  static String abbreviate(String value) {
    return abbreviate(value, 64);
  }

  /** A value cut to at most {@code max} characters for a message. */
  static String abbreviate(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max - 3) + "...";
  }
}

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

  static Integer integer(String name, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + name + "' must be an integer, got: '" + abbreviate(value) + "'");
    }
  }

  static Double number(String name, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      double d = Double.parseDouble(value.trim());
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + name + "' must be a finite number, got: '" + abbreviate(value) + "'");
    }
  }

  static Boolean bool(String name, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    return switch (value.trim()) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException("'" + name + "' must be true or false, got: '" + abbreviate(value) + "'");
    };
  }

  /** A value quoted in an error message, cut so that a huge input does not become a huge response. */
  static String abbreviate(String value) {
    return value.length() <= 64 ? value : value.substring(0, 61) + "...";
  }
}

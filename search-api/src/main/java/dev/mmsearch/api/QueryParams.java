package dev.mmsearch.api;

import dev.mmsearch.query.FormValues;
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

  /** A parameter's integer, or null when it is absent ({@link FormValues#integer}). */
  static Integer integer(String name, String value) {
    return FormValues.integer(name, value);
  }

  /** A parameter's finite number, or null when it is absent ({@link FormValues#number}). */
  static Double number(String name, String value) {
    return FormValues.number(name, value);
  }

  /** A parameter's {@code true} or {@code false}, or null when it is absent. */
  static Boolean bool(String name, String value) {
    return FormValues.bool(name, value);
  }

  /** A value quoted in an error message, cut so that a huge input does not become a huge response. */
  static String abbreviate(String value) {
    return FormValues.abbreviate(value);
  }

  /** A value cut to at most {@code max} characters for a message. */
  static String abbreviate(String value, int max) {
    return FormValues.abbreviate(value, max);
  }
}

package dev.mmsearch.query;

/**
 * Reads the text values of flat forms (GET query parameters, multipart fields) strictly, so that a
 * bad number is a client error naming the field, never a silent default: part types read their
 * form fields with it ({@link PartType#fromForm}), the API its paging parameters.
 */
public final class FormValues {

  private FormValues() {}

  /**
   * A value's integer, or null when it is absent. Strict: an empty value, spaces or any other
   * character around the digits ({@code k=%205}, {@code k=5%00}) are errors, not defaults.
   */
  public static Integer integer(String name, String value) {
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

  /** A value's finite number, or null when it is absent; strict like {@link #integer}. */
  public static Double number(String name, String value) {
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

  /** A value's {@code true} or {@code false}, or null when it is absent. */
  public static Boolean bool(String name, String value) {
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
  public static String abbreviate(String value) {
    return abbreviate(value, 64);
  }

  /** A value cut to at most {@code max} characters for a message. */
  public static String abbreviate(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max - 3) + "...";
  }
}

package dev.mmsearch.derive.ocr;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Greedy CTC decoding as RapidOCR's {@code CTCLabelDecode} does it: per time step the most likely
 * class; repeats of the previous step's class dropped, then the blank (class 0); the kept classes'
 * characters joined; the confidence is the mean of the kept steps' probabilities (each rounded to
 * five decimals, as is the mean), 0 when none is kept. The class list is {@code "blank"}, the key
 * file's lines in order, then {@code " "}. Immutable and thread-safe.
 */
final class CtcDecoder {

  static final int BLANK = 0;

  private final String[] characters;

  /** A decoder over {@code keys}: class {@code i + 1} is {@code keys.get(i)}, the last class a space. */
  CtcDecoder(List<String> keys) {
    characters = new String[keys.size() + 2];
    characters[0] = "blank";
    for (int i = 0; i < keys.size(); i++) {
      characters[i + 1] = keys.get(i);
    }
    characters[keys.size() + 1] = " ";
  }

  /**
   * The key file's lines as {@code read_character_file} reads them: UTF-8, split after each
   * newline, each line stripped of the {@code \r} and {@code \n} at either end.
   */
  static List<String> readKeys(byte[] file) {
    String all = new String(file, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    int from = 0;
    while (from < all.length()) {
      int nl = all.indexOf('\n', from);
      int to = nl < 0 ? all.length() : nl + 1;
      lines.add(strip(all.substring(from, to)));
      from = to;
    }
    return lines;
  }

  private static String strip(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && (s.charAt(a) == '\n' || s.charAt(a) == '\r')) {
      a++;
    }
    while (b > a && (s.charAt(b - 1) == '\n' || s.charAt(b - 1) == '\r')) {
      b--;
    }
    return s.substring(a, b);
  }

  /** Number of classes the recogniser's output must have. */
  int classes() {
    return characters.length;
  }

  /** A decoded line and its confidence. */
  record Decoded(String text, float confidence) {}

  /**
   * Decodes item {@code item} of probabilities {@code probs} shaped {@code [N, steps, classes]}.
   */
  Decoded decode(float[] probs, int item, int steps, int classes) {
    if (classes != characters.length) {
      throw new IllegalArgumentException("the recogniser has " + classes + " classes, the keys give "
          + characters.length);
    }
    StringBuilder text = new StringBuilder();
    double confidence = 0;
    int kept = 0;
    int previous = -1;
    int base = item * steps * classes;
    for (int t = 0; t < steps; t++) {
      int row = base + t * classes;
      int best = 0;
      float p = probs[row];
      for (int c = 1; c < classes; c++) {
        if (probs[row + c] > p) {
          p = probs[row + c];
          best = c;
        }
      }
      if (best != BLANK && best != previous) {
        text.append(characters[best]);
        confidence += round5(p);
        kept++;
      }
      previous = best;
    }
    float mean = kept == 0 ? 0f : (float) round5(confidence / kept);
    return new Decoded(text.toString(), mean);
  }

  private static double round5(double v) {
    return Math.rint(v * 1e5) / 1e5;
  }
}

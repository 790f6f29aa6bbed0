package dev.mmsearch.derive.ocr;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The text read in one picture: its lines in reading order (top to bottom, then left to right).
 *
 * @param lines the lines, none blank
 */
public record PictureText(List<TextLine> lines) {

  /** A picture without text. */
  public static final PictureText NONE = new PictureText(List.of());

  public PictureText {
    lines = List.copyOf(lines);
  }

  /** The lines' text joined by {@code "\n"}; empty when there is none. */
  public String text() {
    return lines.stream().map(TextLine::text).collect(Collectors.joining("\n"));
  }

  public boolean isEmpty() {
    return lines.isEmpty();
  }

  /**
   * The same lines with their boxes scaled by {@code sx} across and {@code sy} down: from the
   * pixels of the picture as read (decoded smaller, say) to those of the original.
   */
  public PictureText scaled(double sx, double sy) {
    if (sx == 1 && sy == 1) {
      return this;
    }
    return new PictureText(lines.stream().map(l -> {
      float[] b = l.box();
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) (b[i] * (i % 2 == 0 ? sx : sy));
      }
      return new TextLine(l.text(), l.confidence(), b);
    }).toList());
  }
}

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
   * The lines holding at least one letter or digit: a lone "*", ")" or "★" that the detector took
   * for text says nothing a search can use, and would make a picture count as one with text.
   */
  public PictureText legible() {
    List<TextLine> kept = lines.stream().filter(l -> l.text().codePoints().anyMatch(Character::isLetterOrDigit)).toList();
    return kept.size() == lines.size() ? this : new PictureText(kept);
  }

  /** Whether the lines hold at least two letters or digits in all: a picture with text, not a stray glyph. */
  public boolean hasWords() {
    return lines.stream().mapToLong(l -> l.text().codePoints().filter(Character::isLetterOrDigit).count()).sum() >= 2;
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

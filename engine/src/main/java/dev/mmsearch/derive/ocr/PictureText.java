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
}

package dev.mmsearch.derive.ocr;

import java.util.Arrays;
import java.util.Objects;

/**
 * One line of text read in a picture.
 *
 * @param text what the recogniser read, never blank
 * @param confidence the recogniser's mean probability of the characters it kept, 0..1
 * @param box the line's four corners in the picture's pixels, {@code x0,y0,x1,y1,x2,y2,x3,y3},
 *     clockwise from the top-left (top-left, top-right, bottom-right, bottom-left)
 */
public record TextLine(String text, float confidence, float[] box) {

  public TextLine {
    Objects.requireNonNull(text, "text");
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in 0..1, got: " + confidence);
    }
    if (box == null || box.length != 8) {
      throw new IllegalArgumentException("box must have 8 coordinates, got: "
          + (box == null ? null : box.length));
    }
    box = box.clone();
  }

  /** A copy of the corners. */
  @Override
  public float[] box() {
    return box.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TextLine t && text.equals(t.text)
        && Float.compare(confidence, t.confidence) == 0 && Arrays.equals(box, t.box);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, confidence, Arrays.hashCode(box));
  }

  @Override
  public String toString() {
    return "TextLine[text=" + text + ", confidence=" + confidence + ", box=" + Arrays.toString(box) + "]";
  }
}

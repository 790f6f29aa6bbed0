package dev.mmsearch.extract.video;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * A frame chosen to embed a moment.
 *
 * @param time seconds from the start of the video; the image is the frame shown at that time
 * @param image {@link BufferedImage#TYPE_INT_RGB}, displayed orientation and aspect, longer side at
 *     most {@link VideoLimits#frameSide()}
 */
public record VideoFrame(double time, BufferedImage image) {

  public VideoFrame {
    Objects.requireNonNull(image, "image");
    if (image.getType() != BufferedImage.TYPE_INT_RGB) {
      throw new IllegalArgumentException("image must be TYPE_INT_RGB, got type: " + image.getType());
    }
    if (!(time >= 0)) {
      throw new IllegalArgumentException("time must be at least 0, got: " + time);
    }
  }
}

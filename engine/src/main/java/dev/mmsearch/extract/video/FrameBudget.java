package dev.mmsearch.extract.video;

import dev.mmsearch.extract.DecodeException;
import dev.mmsearch.extract.DecodeException.Reason;

/** Counts the frames one decode has decoded, across all its passes, against {@link VideoLimits#maxFramesDecoded()}. */
final class FrameBudget {

  private final long max;
  private long used;

  FrameBudget(long max) {
    this.max = max;
  }

  void spend() throws DecodeException {
    if (++used > max) {
      throw new DecodeException(Reason.TOO_LONG, "decoding needs more than " + max + " frames (the limit)");
    }
  }

  long used() {
    return used;
  }
}

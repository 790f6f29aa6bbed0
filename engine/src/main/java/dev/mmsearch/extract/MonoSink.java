package dev.mmsearch.extract;

import dev.mmsearch.extract.DecodeException.Reason;
import java.util.Arrays;
import java.util.Locale;

/**
 * Collects decoded frames as mono samples: keeps the first {@link AudioLimits#keepSeconds()},
 * counts the rest, and refuses a sound as soon as it passes {@link AudioLimits#maxSeconds()}, so
 * memory is bounded by the kept part whatever the file holds. One per decode; not thread-safe.
 */
final class MonoSink {

  private final AudioLimits limits;
  private final String format;
  private final double rate;
  private final long keep;
  private final long max;
  private float[] out;
  private int kept;
  private long frames;

  MonoSink(AudioLimits limits, String format, double rate) {
    this.limits = limits;
    this.format = format;
    this.rate = rate;
    this.keep = (long) Math.ceil(limits.keepSeconds() * rate);
    this.max = (long) Math.floor(limits.maxSeconds() * rate);
    this.out = new float[(int) Math.min(keep, 1 << 16)];
  }

  /** Adds one frame, given as the mean of its channels. */
  void frame(double mono) throws DecodeException {
    if (frames < keep) {
      if (kept == out.length) {
        out = Arrays.copyOf(out, (int) Math.min(keep, (long) out.length * 2));
      }
      out[kept++] = (float) mono;
    }
    if (++frames > max) {
      throw tooLong(limits, format, frames / rate);
    }
  }

  /** Drops frames past {@code total}: the decoder's last block overshoots what the stream says it holds. */
  void trimTo(long total) {
    if (total >= 0 && total < frames) {
      frames = total;
      kept = (int) Math.min(kept, total);
    }
  }

  long frames() {
    return frames;
  }

  Audio audio() {
    return new Audio(Arrays.copyOf(out, kept), (int) Math.round(rate), frames);
  }

  static DecodeException tooLong(AudioLimits limits, String format, double seconds) {
    return new DecodeException(Reason.TOO_LONG, String.format(Locale.ROOT, "%s lasts %.1f s, longer than the limit of %d s",
        format, seconds, limits.maxSeconds()));
  }
}

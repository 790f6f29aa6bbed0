package dev.mmsearch.extract.video;

import dev.mmsearch.extract.DecodeException;

/**
 * Bounds on a decoded video, and how it is cut into moments. The first six are checked against
 * what the container declares before any frame is decoded, and again while decoding; the rest
 * shape the output. Every field is validated ("must …, got: x").
 *
 * @param maxBytes largest accepted encoded size ({@link DecodeException.Reason#TOO_MANY_BYTES});
 *     default {@value #DEFAULT_MAX_BYTES} bytes (256 MiB)
 * @param maxSeconds longest accepted video, declared by the container or found while decoding
 *     ({@link DecodeException.Reason#TOO_LONG}); default {@value #DEFAULT_MAX_SECONDS} (3 hours)
 * @param maxWidth widest accepted picture ({@link DecodeException.Reason#TOO_MANY_PIXELS}); a
 *     picture also fits turned a quarter (portrait video); default {@value #DEFAULT_MAX_WIDTH} (8K)
 * @param maxHeight tallest accepted picture, likewise; default {@value #DEFAULT_MAX_HEIGHT}
 * @param maxFps highest accepted declared frame rate ({@link DecodeException.Reason#TOO_LONG}: too
 *     many frames for its length); default {@value #DEFAULT_MAX_FPS}
 * @param maxFramesDecoded most frames the decoder may decode for one video, counting every frame,
 *     also those decoded on the way from a keyframe to a seek target: bounds CPU
 *     ({@link DecodeException.Reason#TOO_LONG}); default {@value #DEFAULT_MAX_FRAMES_DECODED}
 * @param sampleSeconds interval between the frames compared to find shot changes; grows for long
 *     videos so that a video gets at most {@code maxSamples} samples; default
 *     {@value #DEFAULT_SAMPLE_SECONDS}
 * @param maxSamples most frames sampled for shot detection; default {@value #DEFAULT_MAX_SAMPLES}
 * @param maxMomentSeconds longest moment: longer shots are split into equal parts; default
 *     {@value #DEFAULT_MAX_MOMENT_SECONDS}
 * @param maxMoments most moments per video: beyond it, the shortest adjacent pair is merged, again
 *     and again; default {@value #DEFAULT_MAX_MOMENTS}
 * @param embedEverySeconds one frame returned for embedding per this many seconds of a moment
 *     (centred); default {@value #DEFAULT_EMBED_EVERY_SECONDS}
 * @param maxFramesPerMoment most frames returned per moment (at least one is); default
 *     {@value #DEFAULT_MAX_FRAMES_PER_MOMENT}
 * @param frameSide longest side of the frames and the poster returned, in pixels; default
 *     {@value #DEFAULT_FRAME_SIDE}
 * @param maxAudioSeconds how much of the sound track is kept (the rest is not decoded; its length
 *     is still reported); default {@value #DEFAULT_MAX_AUDIO_SECONDS}
 */
public record VideoLimits(
    long maxBytes,
    double maxSeconds,
    int maxWidth,
    int maxHeight,
    double maxFps,
    long maxFramesDecoded,
    double sampleSeconds,
    int maxSamples,
    double maxMomentSeconds,
    int maxMoments,
    double embedEverySeconds,
    int maxFramesPerMoment,
    int frameSide,
    double maxAudioSeconds) {

  /** 256 MiB: a few minutes of 1080p at a phone's bit rate, well within one upload. */
  public static final long DEFAULT_MAX_BYTES = 256L << 20;

  /** Three hours: a feature film. */
  public static final double DEFAULT_MAX_SECONDS = 10_800;

  /** 8K UHD width. */
  public static final int DEFAULT_MAX_WIDTH = 7680;

  /** 8K UHD height. */
  public static final int DEFAULT_MAX_HEIGHT = 4320;

  /** High-speed phone capture; more is a frame-count bomb rather than a video. */
  public static final double DEFAULT_MAX_FPS = 240;

  /** About 1 min 40 s of CPU at 2,000 frames a second (640 × 360 H.264 on one core). */
  public static final long DEFAULT_MAX_FRAMES_DECODED = 200_000;

  /** One frame a second. */
  public static final double DEFAULT_SAMPLE_SECONDS = 1.0;

  /** Twelve minutes at one a second; three hours get one sample every 15 s. */
  public static final int DEFAULT_MAX_SAMPLES = 720;

  /** Ten seconds. */
  public static final double DEFAULT_MAX_MOMENT_SECONDS = 10;

  /** 32 moments per video. */
  public static final int DEFAULT_MAX_MOMENTS = 32;

  /** One embedded frame per two seconds of a moment. */
  public static final double DEFAULT_EMBED_EVERY_SECONDS = 2.0;

  /** Four frames per moment. */
  public static final int DEFAULT_MAX_FRAMES_PER_MOMENT = 4;

  /** 320 pixels: above every image encoder's input (224–256) and the thumbnails (256). */
  public static final int DEFAULT_FRAME_SIDE = 320;

  /** Ten minutes of sound. */
  public static final double DEFAULT_MAX_AUDIO_SECONDS = 600;

  public static final VideoLimits DEFAULTS = new VideoLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_SECONDS, DEFAULT_MAX_WIDTH,
      DEFAULT_MAX_HEIGHT, DEFAULT_MAX_FPS, DEFAULT_MAX_FRAMES_DECODED, DEFAULT_SAMPLE_SECONDS, DEFAULT_MAX_SAMPLES,
      DEFAULT_MAX_MOMENT_SECONDS, DEFAULT_MAX_MOMENTS, DEFAULT_EMBED_EVERY_SECONDS, DEFAULT_MAX_FRAMES_PER_MOMENT,
      DEFAULT_FRAME_SIDE, DEFAULT_MAX_AUDIO_SECONDS);

  public VideoLimits {
    atLeastOne("maxBytes", maxBytes);
    positive("maxSeconds", maxSeconds);
    atLeastOne("maxWidth", maxWidth);
    atLeastOne("maxHeight", maxHeight);
    positive("maxFps", maxFps);
    atLeastOne("maxFramesDecoded", maxFramesDecoded);
    positive("sampleSeconds", sampleSeconds);
    atLeastOne("maxSamples", maxSamples);
    positive("maxMomentSeconds", maxMomentSeconds);
    atLeastOne("maxMoments", maxMoments);
    positive("embedEverySeconds", embedEverySeconds);
    atLeastOne("maxFramesPerMoment", maxFramesPerMoment);
    atLeastOne("frameSide", frameSide);
    positive("maxAudioSeconds", maxAudioSeconds);
  }

  /** The interval between shot-detection samples for a video of {@code seconds}: {@link #sampleSeconds()}, or more so there are at most {@link #maxSamples()}. */
  public double sampleInterval(double seconds) {
    return Math.max(sampleSeconds, seconds / maxSamples);
  }

  /** Whether a picture fits the width and height limits, either way round. */
  public boolean fits(int width, int height) {
    return (width <= maxWidth && height <= maxHeight) || (height <= maxWidth && width <= maxHeight);
  }

  /** These limits with other byte and duration bounds ({@code --max-video-bytes}, {@code mmsearch.limits.max-video-seconds}). */
  public VideoLimits withBytesAndSeconds(long bytes, double seconds) {
    return new VideoLimits(bytes, seconds, maxWidth, maxHeight, maxFps, maxFramesDecoded, sampleSeconds, maxSamples,
        maxMomentSeconds, maxMoments, embedEverySeconds, maxFramesPerMoment, frameSide, Math.min(maxAudioSeconds, seconds));
  }

  /** These limits cutting videos into at most {@code moments} moments of at most {@code seconds} each. */
  public VideoLimits withMoments(int moments, double seconds) {
    return new VideoLimits(maxBytes, maxSeconds, maxWidth, maxHeight, maxFps, maxFramesDecoded, sampleSeconds, maxSamples,
        seconds, moments, embedEverySeconds, maxFramesPerMoment, frameSide, maxAudioSeconds);
  }

  /** These limits embedding at most {@code frames} frames per moment (a query video costs less). */
  public VideoLimits withFramesPerMoment(int frames) {
    return new VideoLimits(maxBytes, maxSeconds, maxWidth, maxHeight, maxFps, maxFramesDecoded, sampleSeconds, maxSamples,
        maxMomentSeconds, maxMoments, embedEverySeconds, frames, frameSide, maxAudioSeconds);
  }

  private static void atLeastOne(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got: " + value);
    }
  }

  private static void positive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be positive and finite, got: " + value);
    }
  }
}

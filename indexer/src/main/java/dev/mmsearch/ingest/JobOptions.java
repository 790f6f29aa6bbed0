package dev.mmsearch.ingest;

import dev.mmsearch.media.MediaLimits;
import dev.mmsearch.extract.AudioLimits;
import dev.mmsearch.extract.video.VideoLimits;
import dev.mmsearch.extract.ImageLimits;
import dev.mmsearch.extract.Thumbnails;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Settings of an indexing job.
 *
 * @param batchSize items per encoder call
 * @param decodeThreads threads reading, hashing and decoding files
 * @param commitEvery commit after this many written items ...
 * @param commitInterval ... or after this much time, whichever comes first
 * @param spaces spaces to compute (empty = every space of the catalog)
 * @param errorReport JSONL file for failures, or null
 * @param limits bounds on each image file
 * @param audioLimits bounds on each sound file (how much of it is kept follows the audio encoders)
 * @param thumbnailSize longest side of the preview stored with each image item; 0 stores none
 * @param names whether items' names (the words of a folder item's path, a manifest's {@code name})
 *     are embedded as weak captions; {@code mmsearch index --no-names} turns it off
 * @param videoLimits bounds on each video file and how it is cut into moments; null: the defaults
 */
public record JobOptions(
    int batchSize, int decodeThreads, int commitEvery, Duration commitInterval, Set<String> spaces, ImageLimits limits,
    AudioLimits audioLimits, Path errorReport, int thumbnailSize, boolean names, VideoLimits videoLimits) {

  public JobOptions {
    if (batchSize < 1 || batchSize > 1024) {
      throw new IllegalArgumentException("batch size must be in 1..1024, got: " + batchSize);
    }
    if (decodeThreads < 1 || decodeThreads > 256) {
      throw new IllegalArgumentException("decode threads must be in 1..256, got: " + decodeThreads);
    }
    if (commitEvery < 1) {
      throw new IllegalArgumentException("commit interval in items must be at least 1, got: " + commitEvery);
    }
    if (thumbnailSize < 0 || thumbnailSize > 2048) {
      throw new IllegalArgumentException("thumbnail size must be in 0..2048, got: " + thumbnailSize);
    }
    spaces = Set.copyOf(spaces);
  }

  /** The same options, embedding names or not. */
  public JobOptions withNames(boolean embedNames) {
    return new JobOptions(batchSize, decodeThreads, commitEvery, commitInterval, spaces, limits, audioLimits, errorReport,
        thumbnailSize, embedNames, videoLimits);
  }

  /** The same options with other video limits. */
  public JobOptions withVideoLimits(VideoLimits video) {
    return new JobOptions(batchSize, decodeThreads, commitEvery, commitInterval, spaces, limits, audioLimits, errorReport,
        thumbnailSize, names, video);
  }

  /** Options with the default video limits. */
  public JobOptions(int batchSize, int decodeThreads, int commitEvery, Duration commitInterval, Set<String> spaces,
      ImageLimits limits, AudioLimits audioLimits, Path errorReport, int thumbnailSize, boolean names) {
    this(batchSize, decodeThreads, commitEvery, commitInterval, spaces, limits, audioLimits, errorReport, thumbnailSize, names,
        null);
  }

  /** Options that embed names. */
  public JobOptions(int batchSize, int decodeThreads, int commitEvery, Duration commitInterval, Set<String> spaces,
      ImageLimits limits, AudioLimits audioLimits, Path errorReport, int thumbnailSize) {
    this(batchSize, decodeThreads, commitEvery, commitInterval, spaces, limits, audioLimits, errorReport, thumbnailSize, true);
  }

  /** Options with the default sound limits and thumbnail size. */
  public JobOptions(int batchSize, int decodeThreads, int commitEvery, Duration commitInterval, Set<String> spaces,
      ImageLimits limits, Path errorReport) {
    this(batchSize, decodeThreads, commitEvery, commitInterval, spaces, limits, AudioLimits.DEFAULTS, errorReport,
        Thumbnails.DEFAULT_SIZE);
  }

  /**
   * The per-modality limits ({@code --max-image-bytes}, {@code --max-audio-seconds}, ...) as the one
   * typed map the media take; a limit not given keeps its medium's default.
   */
  public MediaLimits mediaLimits() {
    MediaLimits m = MediaLimits.DEFAULTS;
    if (limits != null) {
      m = m.with(limits);
    }
    if (videoLimits != null) {
      m = m.with(videoLimits);
    }
    return audioLimits == null ? m : m.with(audioLimits);
  }

  /** Defaults for this machine: half the cores decode, the encoder's ONNX threads use the rest. */
  public static JobOptions defaults() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new JobOptions(32, Math.max(1, cores / 2), 1000, Duration.ofSeconds(30), Set.of(), ImageLimits.DEFAULTS, null);
  }
}

package dev.mmsearch.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** The service's settings ({@code mmsearch.*}; environment variables {@code MMSEARCH_*} work too). */
@ConfigMapping(prefix = "mmsearch")
public interface MmsearchConfig {

  /** Model catalog naming the spaces; must be the one the index was built with. */
  Path catalog();

  /** Index directory written by {@code mmsearch index}; may not exist yet at startup. */
  Path index();

  /** How often searches check for a new commit from the indexer. */
  @WithDefault("1s")
  Duration refreshInterval();

  /** Threads per ONNX inference (0 = all cores). */
  @WithDefault("0")
  int onnxThreads();

  /** Upload and decoding limits. */
  Limits limits();

  /** Longest side of generated thumbnails, in pixels. */
  @WithDefault("256")
  int thumbnailSize();

  interface Limits {
    /** Largest accepted image upload (bytes). */
    @WithDefault("20971520")
    long maxImageBytes();

    /** Largest accepted image (width × height), checked from the header. */
    @WithDefault("100000000")
    long maxPixels();
  }
}

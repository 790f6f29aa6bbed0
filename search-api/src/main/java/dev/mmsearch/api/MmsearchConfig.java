package dev.mmsearch.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The service's settings ({@code mmsearch.*}; environment variables {@code MMSEARCH_*} work too).
 * Every limit and its default is listed in docs/reliability.md.
 */
@ConfigMapping(prefix = "mmsearch")
public interface MmsearchConfig {

  /** Model catalog naming the spaces; must be the one the index was built with. */
  Path catalog();

  /**
   * The index: a directory written by {@code mmsearch index}, or a SolrCloud collection URL
   * ({@code http://host:8983/solr/items}, docs/scale-out.md). Either may not exist yet at startup.
   */
  String index();

  /** How often a background thread checks for a new commit from the indexer. */
  @WithDefault("1s")
  Duration refreshInterval();

  /**
   * Threads per ONNX inference (0 = all cores). One by default: concurrent requests already use the
   * cores, and one query's encoder spread over all of them contends with the others' — on 2 cores
   * text throughput went from 101 to 146 QPS, p50 18 to 12 ms, while a lone image query went from
   * 20 to 25 ms (docs/benchmarks.md, "End to end").
   */
  @WithDefault("1")
  int onnxThreads();

  /**
   * Threads for an ONNX inference that starts while no other runs (0, the default: always
   * {@code onnx-threads}). Above {@code onnx-threads}, a lone query runs on a second session of each
   * graph with that many threads while concurrent queries keep to {@code onnx-threads} each. Off by
   * default: on 2 cores, with the load client on the same machine, it left the picture query's p50
   * where it was (38.5 ms with 2 threads, 37.5 without; on a faster machine 25.3 and 25.4), took a
   * quarter of the text queries' throughput at one connection (49 vs 65 QPS in the same run) and
   * cost the second sessions about 50 MB (docs/benchmarks.md, "Picture queries, stage by stage").
   * Worth trying where the server has cores to spare.
   */
  @WithDefault("0")
  int onnxSoloThreads();

  /**
   * Memory for query embeddings already computed (texts, and uploads by the SHA-256 of their
   * bytes), so a repeated query skips its encoders; 0 turns the cache off. About 1.8 KB per
   * 384-d vector: 32 MB keeps some 18,000 (encode.EmbeddingCache).
   */
  @WithDefault("32M")
  io.quarkus.runtime.configuration.MemorySize queryCacheSize();

  /**
   * When set, every request except health checks and the static page must carry this key
   * ({@code X-API-Key} header, {@code Authorization: Bearer}, or the page's cookie). Set it
   * whenever the server listens beyond localhost.
   */
  Optional<String> apiKey();

  /**
   * Full stack traces of start-up failures, and the records {@link StartupFailureFilter} drops
   * ({@code mmsearch serve --verbose}); read as a system property before configuration exists.
   */
  @WithDefault("false")
  boolean verbose();

  /** Request and decoding limits. */
  Limits limits();

  interface Limits {
    /** Largest accepted query image (bytes), multipart or base64 in JSON. */
    @WithDefault("20971520")
    long maxImageBytes();

    /**
     * Largest accepted query image (width × height), checked from the header before decoding.
     * Lower than the indexer's default (100 MP): a query never needs more.
     */
    @WithDefault("50000000")
    long maxPixels();

    /** Largest accepted query sound (bytes), multipart or base64 in JSON. */
    @WithDefault("16777216")
    long maxAudioBytes();

    /**
     * Longest accepted query sound (seconds), checked from the header where the format declares it,
     * else while decoding; only the part the encoders read is kept.
     */
    @WithDefault("300")
    int maxAudioSeconds();

    /**
     * Largest accepted query video (bytes), multipart or base64 in JSON: under the HTTP body limit
     * (32 MiB), which base64 fills at 24 MiB.
     */
    @WithDefault("25165824")
    long maxVideoBytes();

    /** Longest accepted query video (seconds), from the container's declared duration, else while decoding. */
    @WithDefault("300")
    int maxVideoSeconds();

    /**
     * Most moments a query video is cut into (each embedded from at most two frames), so that a
     * video query costs at most this many × 2 backbone passes.
     */
    @WithDefault("8")
    int maxVideoMoments();

    /** Requests decoding or encoding at once (default: one per core). */
    OptionalInt maxConcurrentInference();

    /** How long a request waits for an inference slot before it gets 503 with Retry-After. */
    @WithDefault("2s")
    Duration inferenceWait();

    /**
     * Requests with a body over 1 MiB (images) being received or handled at once; more get 503
     * with Retry-After before their body is read, so large bodies cannot pile up in memory.
     */
    @WithDefault("8")
    int maxConcurrentUploads();

    /**
     * Longest time a request body may take to arrive, from its first byte; a body still arriving
     * then is cut off (408) and its connection closed, so slow uploads give their slot back.
     */
    @WithDefault("120s")
    Duration bodyTimeout();

    /**
     * Slowest average rate a request body may arrive at (bytes per second), measured from
     * {@code body-grace} on; a slower body is cut off (408) and its connection closed.
     */
    @WithDefault("8192")
    long minBodyRate();

    /** How long a body may arrive slowly before {@code min-body-rate} applies (connection set-up, slow starts). */
    @WithDefault("10s")
    Duration bodyGrace();

    /** Longest request line (method, URI, version) answered normally; longer ones get 414. */
    @WithDefault("8192")
    int maxUriLength();

    /** Most bytes of request headers answered normally; more get 431. */
    @WithDefault("16384")
    int maxHeaderBytes();
  }
}

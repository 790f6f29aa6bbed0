package dev.mmsearch.cli;

import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.extract.AudioLimits;
import dev.mmsearch.extract.video.VideoLimits;
import dev.mmsearch.extract.ImageLimits;
import dev.mmsearch.extract.Thumbnails;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import dev.mmsearch.ingest.ErrorReport;
import dev.mmsearch.ingest.IndexJob;
import dev.mmsearch.ingest.JobOptions;
import dev.mmsearch.ingest.JobSummary;
import dev.mmsearch.ingest.MergeAfterLoad;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmsearch index}: embeds folders and manifests into the index. Exit code 0 when every
 * input was indexed, {@value Main#EXIT_PARTIAL} when some failed (see the error report).
 */
@Command(name = "index", mixinStandardHelpOptions = true,
    description = {"Index image/audio folders (with .txt/.json sidecar captions) and JSONL manifests.",
        "Re-runs skip unchanged items, re-embed changed ones and delete items whose file is gone.",
        "The job is the index's only writer while it runs; the search API picks up each commit."})
final class IndexCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Parameters(paramLabel = "DIR", arity = "0..*", description = "Folders to index.")
  List<Path> directories = new ArrayList<>();

  @Option(names = "--manifest", paramLabel = "FILE", description = "JSONL manifest (repeatable).")
  List<Path> manifests = new ArrayList<>();

  @Option(names = "--batch-size", defaultValue = "32", description = "Items per encoder call. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--decode-threads", paramLabel = "N", description = "Threads reading and decoding files. Default: half the cores.")
  Integer decodeThreads;

  @Option(names = "--commit-every", defaultValue = "1000", paramLabel = "ITEMS",
      description = "Commit after this many items. Default: ${DEFAULT-VALUE}.")
  int commitEvery;

  @Option(names = "--commit-seconds", defaultValue = "30", paramLabel = "S",
      description = "Commit at least this often. Default: ${DEFAULT-VALUE}.")
  int commitSeconds;

  @Option(names = "--spaces", split = ",", paramLabel = "NAME", description = "Spaces to compute (default: all in the catalog).")
  Set<String> spaces = new HashSet<>();

  @Option(names = "--errors", paramLabel = "FILE", description = "Write failures as JSONL (source, stage, reason, message).")
  Path errorReport;

  @Option(names = "--max-pixels", defaultValue = "" + ImageLimits.DEFAULT_MAX_PIXELS,
      description = "Refuse images declaring more pixels. Default: ${DEFAULT-VALUE}.")
  long maxPixels;

  @Option(names = "--max-bytes", defaultValue = "" + ImageLimits.DEFAULT_MAX_BYTES,
      description = "Refuse larger image files. Default: ${DEFAULT-VALUE}.")
  long maxBytes;

  @Option(names = "--max-side", defaultValue = "" + ImageLimits.DEFAULT_MAX_SIDE,
      description = "Refuse images wider or taller than this. Default: ${DEFAULT-VALUE}.")
  int maxSide;

  @Option(names = "--thumbnail-size", defaultValue = "" + Thumbnails.DEFAULT_SIZE, paramLabel = "PX",
      description = "Longest side of the preview stored with each image (0: none). Default: ${DEFAULT-VALUE}.")
  int thumbnailSize;

  @Option(names = "--max-audio-bytes", defaultValue = "" + AudioLimits.DEFAULT_MAX_BYTES,
      description = "Refuse larger sound files. Default: ${DEFAULT-VALUE}.")
  long maxAudioBytes;

  @Option(names = "--max-audio-seconds", defaultValue = "" + AudioLimits.DEFAULT_MAX_SECONDS,
      description = "Refuse longer sounds (the encoders read only their first window). Default: ${DEFAULT-VALUE}.")
  int maxAudioSeconds;

  @Option(names = "--max-video-bytes", defaultValue = "" + VideoLimits.DEFAULT_MAX_BYTES,
      description = "Refuse larger video files. Default: ${DEFAULT-VALUE}.")
  long maxVideoBytes;

  @Option(names = "--max-video-seconds", defaultValue = "" + VideoLimits.DEFAULT_MAX_SECONDS,
      description = "Refuse longer videos (from the container's declared duration, else while decoding). "
          + "Default: ${DEFAULT-VALUE}.")
  double maxVideoSeconds;

  @Option(names = "--max-moments", defaultValue = "" + VideoLimits.DEFAULT_MAX_MOMENTS,
      description = "Most moments per video: shots are cut to --moment-seconds, then the shortest neighbours merged until "
          + "at most this many remain. Default: ${DEFAULT-VALUE}.")
  int maxMoments;

  @Option(names = "--moment-seconds", defaultValue = "" + VideoLimits.DEFAULT_MAX_MOMENT_SECONDS,
      description = "Longest moment: longer shots are cut into equal parts. Default: ${DEFAULT-VALUE}.")
  double momentSeconds;

  @Option(names = "--merge", defaultValue = "auto", paramLabel = "auto|always|never",
      converter = MergeConverter.class,
      description = "Merge an embedded index into one segment when the job is done (vector queries search one graph per "
          + "segment): auto, after a job that changed at least 1,000 items and a fifth of the index; always; never "
          + "(mmsearch optimize does it later). Default: ${DEFAULT-VALUE}.")
  MergeAfterLoad merge;

  /** Case-insensitive, so the help's lower-case words work. */
  static final class MergeConverter implements picocli.CommandLine.ITypeConverter<MergeAfterLoad> {
    @Override
    public MergeAfterLoad convert(String value) {
      try {
        return MergeAfterLoad.valueOf(value.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException("--merge must be auto, always or never, got: " + value);
      }
    }
  }

  @Option(names = "--no-names", description = "Do not embed item names (the words of a file's path, a manifest's \"name\") "
      + "as weak captions.")
  boolean noNames;

  @Override
  public Integer call() throws Exception {
    if (directories.isEmpty() && manifests.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give at least one DIR or --manifest FILE");
    }
    PrintWriter out = spec.commandLine().getOut();
    JobOptions options = new JobOptions(batchSize, decodeThreads != null ? decodeThreads : JobOptions.defaults().decodeThreads(),
        commitEvery, Duration.ofSeconds(commitSeconds), spaces, new ImageLimits(maxBytes, maxPixels, maxSide),
        new AudioLimits(maxAudioBytes, maxAudioSeconds, AudioLimits.DEFAULT_KEEP_SECONDS), errorReport,
        thumbnailSize, !noNames, VideoLimits.DEFAULTS.withBytesAndSeconds(maxVideoBytes, maxVideoSeconds)
            .withMoments(maxMoments, momentSeconds));
    try (Spaces loaded = Spaces.load(Catalog.load(common.catalog), common.encoderOptions(batchSize));
        ItemIndex index = common.backend().openForWriting(loaded.schema());
        ErrorReport errors = new ErrorReport(errorReport);
        TerminalProgress progress = new TerminalProgress(out)) {
      JobSummary summary = new IndexJob(loaded, index, options).run(directories, manifests, errors, progress);
      out.println(summary.describe());
      if (index instanceof LuceneItemIndex lucene) {
        int segments = lucene.segments();
        if (merge.merges(segments, lucene.stats().items(), (long) summary.added() + summary.updated() + summary.deleted())) {
          long t0 = System.nanoTime();
          lucene.forceMerge(1);
          out.printf("merged %d segments into 1 in %.1f s (--merge %s)%n", segments, (System.nanoTime() - t0) / 1e9,
              merge.name().toLowerCase(java.util.Locale.ROOT));
        }
      }
      if (summary.failed() > 0) {
        out.println(summary.failed() + " input(s) failed" + (errorReport != null ? "; see " + errorReport : ""));
        return Main.EXIT_PARTIAL;
      }
      return 0;
    }
  }
}

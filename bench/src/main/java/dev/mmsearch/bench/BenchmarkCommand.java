package dev.mmsearch.bench;

import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.extract.ImageLimits;
import dev.mmsearch.ingest.JobOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mmsearch benchmark}: throughput and latency measurements, reported in docs/benchmarks.md. */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
    description = "Measure indexing throughput, search latency under load, kNN recall, and ranking quality on a mixed collection "
        + "and on videos.",
    subcommands = {BenchmarkCommand.Pipeline.class, BenchmarkCommand.Synthetic.class, BenchmarkCommand.Load.class,
        BenchmarkCommand.FusionCompare.class, BenchmarkCommand.Listing.class, BenchmarkCommand.Sweep.class,
        BenchmarkCommand.Jmh.class, BenchmarkCommand.Pictures.class, BenchmarkCommand.Mixed.class,
        BenchmarkCommand.VideoQuality.class, BenchmarkCommand.Ocr.class,
        BenchmarkCommand.PictureQuery.class})
public final class BenchmarkCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "picture-set", mixinStandardHelpOptions = true,
      description = "Write N real pictures composed from the manifests' pictures (1-3 each, scaled, flipped, turned, on "
          + "plain, gradient or white backgrounds) and their manifest, to index for benchmarks at real scale.")
  static final class Pictures implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--manifest", required = true, description = "JSONL manifest(s) of source pictures (image, text, category).")
    List<Path> manifests;

    @Option(names = "--count", defaultValue = "100000")
    int count;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--out", required = true, description = "Folder for pictures/ and pictures.jsonl.")
    Path out;

    @Override
    public Integer call() throws Exception {
      var sources = ComposedPictures.sources(manifests, spec.commandLine().getOut());
      Path manifest = ComposedPictures.write(sources, count, seed, out, spec.commandLine().getOut());
      spec.commandLine().getOut().printf("manifest: %s%n", manifest);
      return 0;
    }
  }

  @Command(name = "listing", mixinStandardHelpOptions = true,
      description = "Heap while streaming a generated manifest of N lines, against holding it as a list.")
  static final class Listing implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--work", required = true, description = "Folder for the generated manifest.")
    Path work;

    @Option(names = "--lines", defaultValue = "1000000")
    int lines;

    @Override
    public Integer call() throws Exception {
      ListingBenchmark.run(work, lines, spec.commandLine().getOut());
      return 0;
    }
  }

  @Command(name = "pipeline", mixinStandardHelpOptions = true,
      description = "Index a folder and compare the pipeline's throughput with the encoders' alone on the same items.")
  static final class Pipeline implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--catalog", required = true)
    Path catalog;

    @Option(names = "--dir", required = true, description = "Folder of images, sounds and/or videos, with .txt captions.")
    Path dir;

    @Option(names = "--batch-size", defaultValue = "32")
    int batchSize;

    @Option(names = "--decode-threads", defaultValue = "1")
    int decodeThreads;

    @Option(names = "--rounds", defaultValue = "2")
    int rounds;

    @Option(names = "--no-names", description = "Do not embed file names as weak captions in the pipeline (the encoders-alone "
        + "pass never does), as `mmsearch index --no-names`.")
    boolean noNames;

    @Override
    public Integer call() throws Exception {
      try (Spaces spaces = Spaces.load(Catalog.load(catalog), new EncoderOptions(0, 1, batchSize))) {
        JobOptions options = new JobOptions(batchSize, decodeThreads, 1_000_000, Duration.ofHours(1), Set.of(), ImageLimits.DEFAULTS, null)
            .withNames(!noNames);
        PipelineBenchmark.run(spaces, dir, options, rounds, spec.commandLine().getOut());
      }
      return 0;
    }
  }

  @Command(name = "synthetic-index", mixinStandardHelpOptions = true,
      description = "Build an index of N synthetic items with the catalog's fields, and report kNN recall@10 against exact search.")
  static final class Synthetic implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--catalog", required = true)
    Path catalog;

    @Option(names = "--index", required = true)
    Path index;

    @Option(names = "--items", defaultValue = "100000")
    int items;

    @Option(names = "--recall-queries", defaultValue = "200")
    int recallQueries;

    @Option(names = "--like", paramLabel = "INDEX", description = "Copy this real index (same catalog): items are its items' "
        + "vectors moved by a small noise, with their captions, instead of clustered near-uniform vectors.")
    Path like;

    @Override
    public Integer call() throws Exception {
      try (Spaces spaces = Spaces.load(Catalog.load(catalog), EncoderOptions.DEFAULTS)) {
        List<SyntheticCollection.Real> real = new java.util.ArrayList<>();
        if (like != null) {
          try (dev.mmsearch.index.ItemReader source = new dev.mmsearch.index.lucene.LuceneBackend(like).openForReading(spaces.schema(),
              Duration.ZERO)) {
            List<String> ids = new java.util.ArrayList<>();
            source.forEachItem((id, src) -> ids.add(id));
            for (String id : ids) {
              java.util.Map<String, float[]> vectors = new java.util.LinkedHashMap<>();
              for (String field : spaces.schema().fields().keySet()) {
                source.vector(id, field).ifPresent(v -> vectors.put(field, v));
              }
              real.add(new SyntheticCollection.Real(vectors, source.get(id).map(dev.mmsearch.index.Item::text).orElse("")));
            }
          }
          spec.commandLine().getOut().printf("copying %d real items of %s%n", real.size(), like);
        }
        SyntheticCollection.build(spaces.schema(), index, items, 42, recallQueries, real, spec.commandLine().getOut());
      }
      return 0;
    }
  }

  @Command(name = "knn-sweep", mixinStandardHelpOptions = true,
      description = {"Recall@10 against exact search, p50/p99 latency, build rate and bytes per vector, per vector format,",
          "HNSW setting and number of candidates, on an index's stored vectors or on synthetic ones of a chosen intrinsic dimension."})
  static final class Sweep implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from-index", description = "Read the vectors of --field from this index (needs --catalog).")
    Path fromIndex;

    @Option(names = "--catalog")
    Path catalog;

    @Option(names = "--field", description = "Vector field to read, e.g. clip.image.")
    String field;

    @Option(names = "--synthetic", description = "Instead, this many synthetic unit vectors.")
    int synthetic;

    @Option(names = "--dims", defaultValue = "384")
    int dims;

    @Option(names = "--intrinsic", defaultValue = "16", description = "Intrinsic dimension of synthetic vectors. Default: ${DEFAULT-VALUE}.")
    int intrinsic;

    @Option(names = "--noise", defaultValue = "0.1", description = "Isotropic noise of synthetic vectors, relative to their unit "
        + "length. Default: ${DEFAULT-VALUE}.")
    double noise;

    @Option(names = "--queries", defaultValue = "200", description = "Held-out query vectors. Default: ${DEFAULT-VALUE}.")
    int queries;

    @Option(names = "--formats", split = ",", defaultValue = "hnsw,int8,int4,bbq")
    List<String> formats;

    @Option(names = "--m", split = ",", defaultValue = "16")
    List<Integer> ms;

    @Option(names = "--beam", split = ",", defaultValue = "100")
    List<Integer> beams;

    @Option(names = "--candidates", split = ",", defaultValue = "10,20,50,100,200")
    int[] candidates;

    @Option(names = "--work", description = "Scratch folder for the indexes (default: a temporary one).")
    Path work;

    @Option(names = "--plot", paramLabel = "DIR", description = "Also draw recall@10 against p50 latency, one PNG per format, there.")
    Path plot;

    @Option(names = "--merge", description = "Merge each built index to one segment before searching, as `mmsearch optimize` "
        + "leaves a served index (default: the segments the writer leaves).")
    boolean merge;

    @Option(names = "--export", paramLabel = "DIR", description = "Also write corpus.fvecs, queries.fvecs and truth.ivecs there, "
        + "for bench/peers.py (hnswlib, FAISS) to search the same vectors.")
    Path export;

    @Override
    public Integer call() throws Exception {
      java.io.PrintWriter out = spec.commandLine().getOut();
      List<float[]> vectors = new java.util.ArrayList<>();
      if (fromIndex != null) {
        if (catalog == null || field == null) {
          throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--from-index needs --catalog and --field");
        }
        try (Spaces spaces = Spaces.load(Catalog.load(catalog), EncoderOptions.DEFAULTS);
            dev.mmsearch.index.ItemReader index = new dev.mmsearch.index.lucene.LuceneBackend(fromIndex).openForReading(spaces.schema(),
                java.time.Duration.ZERO)) {
          List<String> ids = new java.util.ArrayList<>();
          index.forEachItem((id, source) -> ids.add(id));
          for (String id : ids) {
            index.vector(id, field).ifPresent(v -> {
              float[] u = v.clone();
              org.apache.lucene.util.VectorUtil.l2normalize(u);
              vectors.add(u);
            });
          }
        }
        out.printf("%s from %s%n", field, fromIndex);
      } else if (synthetic > 0) {
        vectors.addAll(KnnSweep.synthetic(synthetic + queries, dims, intrinsic, noise, 42));
        out.printf("synthetic: intrinsic dimension %d in %d-d, noise %.2f%n", intrinsic, dims, noise);
      } else {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give --from-index or --synthetic");
      }
      java.util.Collections.shuffle(vectors, new java.util.Random(7));
      List<float[]> held = new java.util.ArrayList<>(vectors.subList(0, queries));
      List<float[]> corpus = new java.util.ArrayList<>(vectors.subList(queries, vectors.size()));
      List<KnnSweep.Setting> settings = new java.util.ArrayList<>();
      for (String f : formats) {
        for (int m : ms) {
          for (int b : beams) {
            settings.add(new KnnSweep.Setting(dev.mmsearch.index.VectorFormat.fromString(f), m, b));
          }
        }
      }
      if (export != null) {
        KnnSweep.export(corpus, held, export);
      }
      Path dir = work != null ? java.nio.file.Files.createDirectories(work) : java.nio.file.Files.createTempDirectory("mmsearch-sweep");
      List<KnnSweep.Point> points = KnnSweep.run(corpus, held, settings, candidates, dir, merge, out);
      if (plot != null) {
        String data = fromIndex != null ? field + ", " + corpus.size() + " real vectors"
            : corpus.size() + " synthetic, intrinsic " + intrinsic;
        for (Path png : SweepPlot.write(points, data, plot)) {
          out.println("plot: " + png);
        }
      }
      return 0;
    }
  }

  @Command(name = "jmh", mixinStandardHelpOptions = false,
      description = "Run the JMH micro-benchmarks (fusion, palette extraction, kNN per format); arguments go to JMH, e.g. -f 1 -wi 2 -i 3.")
  static final class Jmh implements Callable<Integer> {
    @picocli.CommandLine.Unmatched
    List<String> args = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
      org.openjdk.jmh.Main.main(args.toArray(String[]::new));
      return 0;
    }
  }

  @Command(name = "fusion", mixinStandardHelpOptions = true,
      description = "Index a captioned manifest (every other caption removed) and compare fusion methods on its captions as queries.")
  static final class FusionCompare implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--catalog", required = true)
    Path catalog;

    @Option(names = "--manifest", required = true, description = "Captioned JSONL manifests (image, text).")
    java.util.List<Path> manifests;

    @Override
    public Integer call() throws Exception {
      try (Spaces spaces = Spaces.load(Catalog.load(catalog), EncoderOptions.DEFAULTS)) {
        FusionBenchmark.run(spaces, manifests, spec.commandLine().getOut());
      }
      return 0;
    }
  }

  @Command(name = "mixed", mixinStandardHelpOptions = true,
      description = {"Mixed-modality quality: index a collection made by bench/mixed/build_mixed_collection.py (and its pictures alone),",
          "run its text, caption, picture, sound and text+picture queries with every fusion method, and report nDCG@10,",
          "exact caption@1, intrusion@10 and uncaptioned-picture R@10 (docs/quality.md, \"Mixed collections\")."})
  static final class Mixed implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--collection", required = true, paramLabel = "DIR",
        description = "Folder holding truth.json, collection/ and pictures-only/.")
    Path collection;

    @Option(names = "--catalog", required = true)
    Path catalog;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "Folder for the two indexes (rebuilt on every run), mixed-benchmark.json, mixed-benchmark.md and mixed-queries.jsonl.")
    Path out;

    @Override
    public Integer call() throws Exception {
      MixedTruth truth = MixedTruth.load(collection);
      try (Spaces spaces = Spaces.load(Catalog.load(catalog), new EncoderOptions(0, 1, MixedBenchmark.BATCH))) {
        MixedBenchmark.run(spaces, truth, out, spec.commandLine().getOut());
      }
      return 0;
    }
  }

  @Command(name = "video", mixinStandardHelpOptions = true,
      description = {"Videos (issue 26): index a collection made by bench/video/make_videos.py (videos, distractor pictures and",
          "sounds; names off), then measure moment retrieval by each shot's caption, picture -> video and sound -> video, each",
          "with moments and with pooled item vectors only; segmentation against the true shots; indexing and decoding speed",
          "and memory (docs/quality.md, \"Videos\"; docs/benchmarks.md)."})
  static final class VideoQuality implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--collection", required = true, paramLabel = "DIR",
        description = "Folder holding videos/, pictures/, sounds/, queries/ and the jsonl files make_videos.py writes.")
    Path collection;

    @Option(names = "--catalog", required = true)
    Path catalog;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "Folder for the index (rebuilt on every run), video-benchmark.json, video-benchmark.md and video-queries.jsonl.")
    Path out;

    @Override
    public Integer call() throws Exception {
      VideoTruth truth = VideoTruth.load(collection);
      try (Spaces spaces = Spaces.load(Catalog.load(catalog), new EncoderOptions(0, 1, VideoBenchmark.BATCH))) {
        VideoBenchmark.run(spaces, truth, out, spec.commandLine().getOut());
      }
      return 0;
    }
  }

  @Command(name = "ocr", mixinStandardHelpOptions = true,
      description = {"Read the text in every picture of a folder with the OCR reader (PP-OCR in ONNX Runtime), one picture at",
          "a time, and write {file, text, seconds} lines for bench/ocr/score.py; report the time of the gate and of full reads",
          "(docs/quality.md, \"Text in pictures\")."})
  static final class Ocr implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--pictures", required = true, paramLabel = "DIR", description = "Folder of PNG and JPEG pictures.")
    Path pictures;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "JSONL to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
      OcrBenchmark.run(pictures, out, spec.commandLine().getOut());
      return 0;
    }
  }

  @Command(name = "picture-query", mixinStandardHelpOptions = true,
      description = {"Where one picture query's time goes in the server, stage by stage on one thread: decode, resize,",
          "backbone and heads, derived spaces, kNN per field, and the whole query; p50 wall and CPU time per stage."})
  static final class PictureQuery implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--catalog", required = true, paramLabel = "FILE")
    Path catalog;

    @Option(names = "--index", required = true, paramLabel = "DIR|URL")
    String index;

    @Option(names = "--image", required = true, paramLabel = "FILE", description = "The picture to query with.")
    Path image;

    @Option(names = "--onnx-threads", defaultValue = "1", paramLabel = "N",
        description = "Threads per inference, as the server's MMSEARCH_ONNX_THREADS. Default: ${DEFAULT-VALUE}.")
    int onnxThreads;

    @Option(names = "--onnx-solo-threads", defaultValue = "0", paramLabel = "N",
        description = "Threads for an inference alone, as the server's MMSEARCH_ONNX_SOLO_THREADS (0: off). Default: ${DEFAULT-VALUE}.")
    int soloThreads;

    @Option(names = "--warmup", defaultValue = "30", paramLabel = "N")
    int warmup;

    @Option(names = "--rounds", defaultValue = "100", paramLabel = "N")
    int rounds;

    @Override
    public Integer call() throws Exception {
      PictureQueryProfile.run(catalog, index, image, onnxThreads, soloThreads, warmup, rounds, spec.commandLine().getOut());
      return 0;
    }
  }

  @Command(name = "load", mixinStandardHelpOptions = true,
      description = "Send text, image and combined queries to a running search API on this machine; report p50/p99 and QPS.")
  static final class Load implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://localhost:8080")
    URI url;

    @Option(names = "--concurrency", defaultValue = "4")
    int concurrency;

    @Option(names = "--seconds", defaultValue = "20")
    int seconds;

    @Option(names = "--window", defaultValue = "0", description = "Ranking depth sent with each query (0: the server's default).")
    int window;

    @Option(names = "--kinds", defaultValue = "text,image,combined", split = ",", description = "Query kinds to run. Default: ${DEFAULT-VALUE}.")
    List<String> kinds;

    @Option(names = "--image-format", defaultValue = "jpeg", description = "Format of the 640×480 query pictures: jpeg or png. Default: ${DEFAULT-VALUE}.")
    String imageFormat;

    @Override
    public Integer call() throws Exception {
      SearchLoad.run(url, concurrency, Duration.ofSeconds(seconds), window, kinds, imageFormat, spec.commandLine().getOut());
      return 0;
    }
  }
}

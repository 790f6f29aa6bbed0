package dev.mmsearch.bench;

import dev.mmsearch.catalog.Space;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.Role;
import dev.mmsearch.extract.ImageDecoder;
import dev.mmsearch.index.LuceneItemIndex;
import dev.mmsearch.ingest.ErrorReport;
import dev.mmsearch.ingest.IndexJob;
import dev.mmsearch.ingest.JobOptions;
import dev.mmsearch.ingest.JobSummary;
import dev.mmsearch.ingest.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Whole-pipeline throughput against the encoders alone, on the same items, in one process. The
 * encoder-only pass gets pre-decoded images and the texts in memory and only encodes, batch by
 * batch, exactly what the pipeline encodes; the pipeline then indexes the folder from disk into a
 * fresh index. The ratio says how well reading, hashing, decoding and writing hide behind the
 * encoders.
 */
final class PipelineBenchmark {

  private PipelineBenchmark() {}

  static void run(Spaces spaces, Path folder, JobOptions options, int rounds, PrintWriter out)
      throws IOException, InterruptedException, dev.mmsearch.extract.DecodeException {
    List<EncoderInput> images = new ArrayList<>();
    List<EncoderInput> texts = new ArrayList<>();
    ImageDecoder decoder = new ImageDecoder(options.limits());
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".txt")) {
          texts.add(new EncoderInput.Text(Files.readString(p, StandardCharsets.UTF_8).strip()));
        } else if (name.matches(".*\\.(png|jpe?g|webp|gif|bmp)")) {
          images.add(new EncoderInput.Image(decoder.decode(p)));
        }
      }
    }
    out.printf("items: %d images, %d captions; batch %d, decode threads %d, cores %d%n", images.size(), texts.size(),
        options.batchSize(), options.decodeThreads(), Runtime.getRuntime().availableProcessors());

    // Warm-up: JIT and ONNX session first-run costs stay out of both measurements.
    encodeAll(spaces, images.subList(0, Math.min(images.size(), 64)), texts.subList(0, Math.min(texts.size(), 64)), options.batchSize());

    for (int round = 1; round <= rounds; round++) {
      long t0 = System.nanoTime();
      encodeAll(spaces, images, texts, options.batchSize());
      double encoderSeconds = (System.nanoTime() - t0) / 1e9;

      Path index = Files.createTempDirectory("mmsearch-bench-index");
      JobSummary summary;
      try (LuceneItemIndex ix = LuceneItemIndex.openForWriting(index, spaces.schema()); ErrorReport errors = new ErrorReport(null)) {
        summary = new IndexJob(spaces, ix, options).run(List.of(folder), List.of(), errors, Progress.NONE);
      } finally {
        delete(index);
      }
      double pipelineSeconds = summary.wall().toNanos() / 1e9;
      double encoderRate = images.size() / encoderSeconds;
      double pipelineRate = summary.listed() / pipelineSeconds;
      out.printf("round %d: encoders alone %.1f items/s (%.2f s), pipeline %.1f items/s (%.2f s), ratio %.2f%n", round,
          encoderRate, encoderSeconds, pipelineRate, pipelineSeconds, pipelineRate / encoderRate);
      out.println("  pipeline stages (thread-seconds): " + summary.describe().lines().skip(1).map(String::strip).toList());
    }
  }

  private static void encodeAll(Spaces spaces, List<EncoderInput> images, List<EncoderInput> texts, int batch) {
    for (Space s : spaces.all()) {
      for (Modality m : List.of(Modality.IMAGE, Modality.TEXT)) {
        if (s.encoder(m) == null) {
          continue;
        }
        List<EncoderInput> in = m == Modality.IMAGE ? images : texts;
        for (int i = 0; i < in.size(); i += batch) {
          s.encoder(m).encode(in.subList(i, Math.min(in.size(), i + batch)), Role.DOCUMENT);
        }
      }
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}

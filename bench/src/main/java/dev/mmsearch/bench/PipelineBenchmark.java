package dev.mmsearch.bench;

import dev.mmsearch.catalog.Space;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.Role;
import dev.mmsearch.encode.TimelineEncoding;
import dev.mmsearch.extract.video.Video;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.lucene.LuceneBackend;
import dev.mmsearch.ingest.ErrorReport;
import dev.mmsearch.ingest.IndexJob;
import dev.mmsearch.ingest.JobOptions;
import dev.mmsearch.ingest.JobSummary;
import dev.mmsearch.ingest.Progress;
import dev.mmsearch.media.Media;
import dev.mmsearch.media.Medium;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Whole-pipeline throughput against the encoders alone, on the same items, in one process. The
 * encoder-only pass gets pre-decoded media (pictures, sounds) and the texts in memory and only
 * encodes, batch by batch, exactly what the pipeline encodes (preparing each input: resizing a
 * picture, resampling a sound and computing its spectrogram, as the encoders' own work; a video's
 * moments through {@link TimelineEncoding}, as the indexer encodes them); the
 * pipeline then indexes the folder from disk into a fresh index. Both rates count the pipeline's
 * items, so the ratio is the encoders' time over the pipeline's: how well reading, hashing,
 * decoding and writing hide behind the encoders.
 */
final class PipelineBenchmark {

  private PipelineBenchmark() {}

  static void run(Spaces spaces, Path folder, JobOptions options, int rounds, PrintWriter out)
      throws IOException, InterruptedException, dev.mmsearch.extract.DecodeException {
    Media media = Media.of(spaces, options.mediaLimits(), 0);
    Map<Modality, List<EncoderInput>> inputs = new EnumMap<>(Modality.class);
    Map<Modality, long[]> decodeNanos = new EnumMap<>(Modality.class);
    List<byte[]> pictureBytes = new ArrayList<>();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = p.getFileName().toString();
        Medium medium = media.forFile(name).orElse(null);
        if (name.toLowerCase(Locale.ROOT).endsWith(".txt")) {
          inputs.computeIfAbsent(Modality.TEXT, m -> new ArrayList<>())
              .add(new EncoderInput.Text(Files.readString(p, StandardCharsets.UTF_8).strip()));
        } else if (medium != null) {
          byte[] bytes = medium.read(p);
          long t0 = System.nanoTime();
          EncoderInput decoded = medium.decode(bytes);
          decodeNanos.computeIfAbsent(medium.modality(), m -> new long[1])[0] += System.nanoTime() - t0;
          inputs.computeIfAbsent(medium.modality(), m -> new ArrayList<>()).add(decoded);
          if (decoded instanceof EncoderInput.Image) {
            pictureBytes.add(bytes);
          }
        }
      }
    }
    Map<String, Integer> counts = new java.util.LinkedHashMap<>();
    inputs.forEach((m, in) -> counts.put(m.id(), in.size()));
    out.printf("inputs: %s; batch %d, decode threads %d, cores %d%n", counts, options.batchSize(), options.decodeThreads(),
        Runtime.getRuntime().availableProcessors());

    // Warm-up: JIT and ONNX session first-run costs stay out of both measurements.
    Map<Modality, List<EncoderInput>> warm = new EnumMap<>(Modality.class);
    inputs.forEach((m, in) -> warm.put(m, in.subList(0, Math.min(in.size(), m == Modality.VIDEO ? 4 : 64))));
    encodeAll(spaces, warm, options.batchSize());
    decodeNanos.forEach((m, nanos) -> out.printf("decode %s: %d files in %.2f s, %.1f files/s (one thread, cold)%n", m.id(),
        inputs.get(m).size(), nanos[0] / 1e9, inputs.get(m).size() / (nanos[0] / 1e9)));
    List<EncoderInput> sounds = inputs.getOrDefault(Modality.AUDIO, List.of());
    if (!sounds.isEmpty()) {
      double seconds = sounds.stream().mapToDouble(i -> ((EncoderInput.Audio) i).audio().seconds()).sum();
      out.printf("  sounds: %.0f s in all, %.2f s on average%n", seconds, seconds / sounds.size());
    }
    for (Space s : spaces.all()) {
      for (Modality m : s.modalities()) {
        List<EncoderInput> in = inputs.getOrDefault(m, List.of());
        if (!in.isEmpty()) {
          long t0 = System.nanoTime();
          encodeAll(s, m, in, options.batchSize());
          double sec = (System.nanoTime() - t0) / 1e9;
          out.printf("encode %s.%s alone (prepare + inference): %d inputs in %.2f s, %.1f/s%n", s.name(), m.id(), in.size(), sec,
              in.size() / sec);
        }
      }
    }
    List<EncoderInput> videos = inputs.getOrDefault(Modality.VIDEO, List.of());
    if (!videos.isEmpty()) {
      double seconds = videos.stream().mapToDouble(v -> ((Video) ((EncoderInput.Timeline) v).source()).seconds()).sum();
      int moments = videos.stream().mapToInt(v -> ((EncoderInput.Timeline) v).moments().size()).sum();
      long t0 = System.nanoTime();
      encodeVideos(spaces, videos);
      double sec = (System.nanoTime() - t0) / 1e9;
      out.printf("encode videos alone (frames and sound of every moment in every picture and sound space, prepare + inference): "
          + "%d videos, %.0f s of video, %d moments in %.2f s, %.1f video-seconds/s%n", videos.size(), seconds, moments, sec,
          seconds / sec);
    }
    List<EncoderInput> pictures = inputs.getOrDefault(Modality.IMAGE, List.of());
    if (!pictures.isEmpty()) {
      // What the decode threads add per picture for metadata (statistics, EXIF, header): compare with the encoders above.
      for (int pass = 0; pass < 2; pass++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < pictures.size(); i++) {
          dev.mmsearch.derive.DerivedMetadata.ofPicture(pictureBytes.get(i), ((EncoderInput.Image) pictures.get(i)).image());
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        if (pass == 1) {
          out.printf("derive picture metadata alone: %d pictures in %.2f s, %.2f ms each%n", pictures.size(), sec,
              sec * 1000 / pictures.size());
        }
      }
    }

    for (int round = 1; round <= rounds; round++) {
      long t0 = System.nanoTime();
      encodeAll(spaces, inputs, options.batchSize());
      double encoderSeconds = (System.nanoTime() - t0) / 1e9;

      Path index = Files.createTempDirectory("mmsearch-bench-index");
      JobSummary summary;
      try (ItemIndex ix = new LuceneBackend(index).openForWriting(spaces.schema()); ErrorReport errors = new ErrorReport(null)) {
        summary = new IndexJob(spaces, ix, options).run(List.of(folder), List.of(), errors, Progress.NONE);
      } finally {
        org.apache.lucene.util.IOUtils.rm(index);
      }
      double pipelineSeconds = summary.wall().toNanos() / 1e9;
      double encoderRate = summary.listed() / encoderSeconds;
      double pipelineRate = summary.listed() / pipelineSeconds;
      out.printf("round %d: %d items; encoders alone %.1f items/s (%.2f s), pipeline %.1f items/s (%.2f s), ratio %.2f%n",
          round, summary.listed(), encoderRate, encoderSeconds, pipelineRate, pipelineSeconds, pipelineRate / encoderRate);
      out.println("  pipeline stages (thread-seconds): " + summary.describe().lines().skip(1).map(String::strip).toList());
    }
  }

  private static void encodeAll(Spaces spaces, Map<Modality, List<EncoderInput>> inputs, int batch) {
    for (Space s : spaces.all()) {
      for (Modality m : s.modalities()) {
        encodeAll(s, m, inputs.getOrDefault(m, List.of()), batch);
      }
    }
    encodeVideos(spaces, inputs.getOrDefault(Modality.VIDEO, List.of()));
  }

  /**
   * Videos as the indexer encodes them, one at a time: every moment's frames and sound by the
   * encoders of the modalities a video is read as ({@link TimelineEncoding}: prepare, then one pass
   * per backbone over all its frames), pooled per moment and for the whole.
   */
  private static void encodeVideos(Spaces spaces, List<EncoderInput> videos) {
    if (videos.isEmpty()) {
      return;
    }
    List<Encoder> encoders = new ArrayList<>();
    for (Space s : spaces.all()) {
      for (Modality m : List.of(Modality.IMAGE, Modality.AUDIO)) {
        if (s.modalities().contains(m) && s.encoder(m) != null) {
          encoders.add(s.encoder(m));
        }
      }
    }
    for (EncoderInput v : videos) {
      TimelineEncoding.encode(TimelineEncoding.prepare(encoders, (EncoderInput.Timeline) v), Role.DOCUMENT);
    }
  }

  private static void encodeAll(Space s, Modality m, List<EncoderInput> in, int batch) {
    for (int i = 0; i < in.size(); i += batch) {
      s.encoder(m).encode(in.subList(i, Math.min(in.size(), i + batch)), Role.DOCUMENT);
    }
  }

}

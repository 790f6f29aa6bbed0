package dev.mmsearch.bench;

import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Space;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.Role;
import dev.mmsearch.encode.SharedEncoding;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.ItemReader;
import dev.mmsearch.index.VectorFieldSpec;
import dev.mmsearch.index.backend.IndexBackends;
import dev.mmsearch.media.Media;
import dev.mmsearch.media.MediaLimits;
import dev.mmsearch.media.Medium;
import dev.mmsearch.query.Fusion;
import dev.mmsearch.query.MultimodalSearcher;
import dev.mmsearch.query.QueryPart;
import dev.mmsearch.query.SearchRequest;
import dev.mmsearch.query.SearchResult;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where one picture query's time goes inside the server, stage by stage, on one thread: decode
 * (the upload's bytes to pixels, as the API's media decode them: {@link Media#forQueries}), resize (the encoders'
 * preprocessing to their input size; the bundle's image encoders share one), backbone and heads (one forward pass shared by the spaces
 * that read it, then each space's head), derived (the palette), kNN per vector field (at the
 * query's window), and fuse (the searcher's fusion and reading the page's items). Each stage is
 * timed alone, {@code rounds} times after {@code warmup} untimed rounds; the p50 of wall time and
 * of the thread's CPU time are reported (CPU time is what a busy machine does not inflate). The
 * whole in-process query ({@link MultimodalSearcher#search} plus decode) is timed too, so the
 * stages can be checked against it. What the server adds (HTTP, multipart, JSON) is the external
 * load tool's figure minus this total.
 */
final class PictureQueryProfile {

  private PictureQueryProfile() {}

  static void run(Path catalogFile, String index, Path picture, int onnxThreads, int soloThreads, int warmup, int rounds,
      PrintWriter out)
      throws Exception {
    byte[] bytes = Files.readAllBytes(picture);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    try (Spaces spaces = Spaces.load(Catalog.load(catalogFile), new EncoderOptions(onnxThreads, 1, 32, soloThreads));
        ItemReader reader = IndexBackends.of(index).openForReading(spaces.schema(), Duration.ofSeconds(1))) {
      Media media = Media.of(spaces, MediaLimits.DEFAULTS, 0).forQueries();
      Medium images = media.of(Modality.IMAGE).orElseThrow();
      MultimodalSearcher searcher = new MultimodalSearcher(spaces, reader);
      List<Space> imageSpaces = spaces.accepting(Modality.IMAGE);
      List<Encoder> onnx = imageSpaces.stream().map(s -> s.encoder(Modality.IMAGE)).filter(e -> !derived(e)).toList();
      List<Encoder> derived = imageSpaces.stream().map(s -> s.encoder(Modality.IMAGE)).filter(PictureQueryProfile::derived)
          .toList();

      Map<String, Stage> stages = new LinkedHashMap<>();
      EncoderInput[] decoded = new EncoderInput[1];
      stages.put("decode", () -> decoded[0] = images.decode(bytes));
      stages.put("resize", () -> {
        if (!onnx.isEmpty()) {
          onnx.getFirst().prepare(decoded[0]);
        }
      });
      EncoderInput prepared = onnx.isEmpty() ? null : onnx.getFirst().prepare(images.decode(bytes));
      if (!onnx.isEmpty()) {
        stages.put("backbone (one space's head)", () -> SharedEncoding.encode(Map.of(onnx.getFirst(), List.of(prepared)),
            Role.QUERY));
        Map<Encoder, List<EncoderInput>> all = new LinkedHashMap<>();
        onnx.forEach(e -> all.put(e, List.of(prepared)));
        stages.put("backbone + every head", () -> SharedEncoding.encode(all, Role.QUERY));
      }
      for (Encoder e : derived) {
        stages.put("derived " + e.identity().name(), () -> e.encode(List.of(decoded[0]), Role.QUERY));
      }
      int window = Math.max(100, SearchRequest.DEFAULT_K);
      for (Space s : imageSpaces) {
        float[] vector = s.encoder(Modality.IMAGE).encode(List.of(images.decode(bytes)), Role.QUERY).getFirst();
        for (VectorFieldSpec f : s.fields()) {
          if (reader.schema().fields().containsKey(f.name())) {
            stages.put("knn " + f.name(), () -> reader.knn(f.name(), vector, window, Filter.NONE));
          }
        }
      }
      SearchResult[] last = new SearchResult[1];
      stages.put("whole query (decode + search)", () -> last[0] = searcher.search(new SearchRequest(
          List.of(new QueryPart.Media(images.decode(bytes), 1)), SearchRequest.DEFAULT_K, 0, 0, Filter.NONE,
          Fusion.DEFAULT, Double.NEGATIVE_INFINITY, Set.of(), Set.of(), null)));

      out.printf("picture %s: %,d bytes; catalog %s; index %s; ONNX threads %d (alone: %d); %d rounds after %d warm-up%n",
          picture, bytes.length, catalogFile, index, onnxThreads, soloThreads, rounds, warmup);
      out.printf("%-40s %10s %10s%n", "stage", "wall p50", "CPU p50");
      for (Map.Entry<String, Stage> s : stages.entrySet()) {
        for (int i = 0; i < warmup; i++) {
          s.getValue().run();
        }
        List<Long> wall = new ArrayList<>();
        List<Long> thread = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
          long c0 = cpu.getCurrentThreadCpuTime();
          long t0 = System.nanoTime();
          s.getValue().run();
          wall.add(System.nanoTime() - t0);
          thread.add(cpu.getCurrentThreadCpuTime() - c0);
        }
        out.printf("%-40s %8.2f ms %8.2f ms%n", s.getKey(), p50(wall), p50(thread));
        out.flush();
      }
      Map<String, Long> t = last[0].timingsNanos();
      out.printf("searcher's own stages in the last whole query: encode %.2f ms, knn %.2f ms, fuse %.2f ms%n",
          t.get("encode") / 1e6, t.get("knn") / 1e6, t.get("fuse") / 1e6);
    }
  }

  /** Computed by mmsearch's own code (palette, signatures), not by a model graph. */
  private static boolean derived(Encoder e) {
    return e.getClass().getPackageName().startsWith("dev.mmsearch.derive");
  }

  private static double p50(List<Long> nanos) {
    List<Long> sorted = nanos.stream().sorted().toList();
    return sorted.get(sorted.size() / 2) / 1e6;
  }

  @FunctionalInterface
  private interface Stage {
    void run() throws Exception;
  }
}

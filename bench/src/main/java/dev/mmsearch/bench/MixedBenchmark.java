package dev.mmsearch.bench;

import dev.mmsearch.media.MediaLimits;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.extract.AudioLimits;
import dev.mmsearch.extract.DecodeException;
import dev.mmsearch.extract.ImageLimits;
import dev.mmsearch.extract.Thumbnails;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.ItemReader;
import dev.mmsearch.index.lucene.LuceneBackend;
import dev.mmsearch.ingest.ErrorReport;
import dev.mmsearch.ingest.IndexJob;
import dev.mmsearch.ingest.JobOptions;
import dev.mmsearch.ingest.JobSummary;
import dev.mmsearch.ingest.Progress;
import dev.mmsearch.media.Media;
import dev.mmsearch.media.Medium;
import dev.mmsearch.query.Fusion;
import dev.mmsearch.query.MultimodalSearcher;
import dev.mmsearch.query.QueryPart;
import dev.mmsearch.query.SearchRequest;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The mixed-modality benchmark (issue 23, item 5): indexes a collection written by
 * {@code bench/mixed/build_mixed_collection.py} through the indexer's own pipeline (a folder source,
 * as {@code mmsearch index} does, default settings) into an embedded index, and its pictures alone
 * into a second one; runs every query of its truth.json through {@link MultimodalSearcher} with
 * default settings, once per {@link Fusion} method the engine has; and reports per method and query
 * type nDCG@10, exact caption@1, intrusion@10 and uncaptioned-picture R@10 in both indexes
 * ({@link MixedMetrics}). Writes {@code mixed-benchmark.json}, {@code mixed-benchmark.md} and every
 * query's top 10 ({@code mixed-queries.jsonl}) to the output folder.
 */
final class MixedBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private MixedBenchmark() {}

  /** A running mean. */
  static final class Mean {
    private double sum;
    private int n;

    void add(double v) {
      sum += v;
      n++;
    }

    int n() {
      return n;
    }

    double mean() {
      return n == 0 ? Double.NaN : sum / n;
    }
  }

  /** The figures of one query type under one fusion method. */
  static final class TypeFigures {
    final Mean ndcg = new Mean();
    final Mean intrusion = new Mean();
    final Mean exact = new Mean();
    final Mean uncaptionedMixed = new Mean();
    final Mean uncaptionedPicturesOnly = new Mean();
  }

  /** The figures of one fusion method. */
  static final class FusionFigures {
    final Map<String, TypeFigures> byType = new LinkedHashMap<>();
    final Map<String, Mean> exactByKind = new TreeMap<>();
    final Mean intrusion = new Mean();
    final Mean ndcgAllQueries = new Mean();
    long nanos;
    int queries;

    FusionFigures() {
      MixedTruth.TYPES.forEach(t -> byType.put(t, new TypeFigures()));
    }

    /** nDCG@10 averaged over the query types (each type weighs the same, whatever its number of queries). */
    double ndcg() {
      return byType.values().stream().filter(t -> t.ndcg.n() > 0).mapToDouble(t -> t.ndcg.mean()).average().orElse(Double.NaN);
    }

    double exact() {
      return byType.get("caption").exact.mean();
    }

    double uncaptionedMixed() {
      return byType.get("text").uncaptionedMixed.mean();
    }

    double uncaptionedPicturesOnly() {
      return byType.get("text").uncaptionedPicturesOnly.mean();
    }
  }

  static void run(Spaces spaces, MixedTruth truth, Path out, PrintWriter log) throws IOException, InterruptedException {
    Files.createDirectories(out);
    Path mixed = out.resolve("index-mixed");
    Path pictures = out.resolve("index-pictures-only");
    long picturesExpected = truth.items().values().stream().filter(i -> i.media().contains("image")).count();
    Duration mixedTime = index(spaces, truth.collection(), mixed, out.resolve("errors-mixed.jsonl"), truth.items().size(), log);
    Duration picturesTime = index(spaces, truth.picturesOnly(), pictures, out.resolve("errors-pictures-only.jsonl"), picturesExpected, log);

    Media media = Media.of(spaces, MediaLimits.DEFAULTS, 0);
    Map<String, EncoderInput> decoded = new HashMap<>();
    for (MixedTruth.Query q : truth.queries()) {
      for (String file : java.util.Arrays.asList(q.image(), q.audio())) {
        if (file != null && !decoded.containsKey(file)) {
          decoded.put(file, decode(media, truth.root().resolve(file)));
        }
      }
    }

    Map<String, FusionFigures> figures = new LinkedHashMap<>();
    try (ItemReader mixedIndex = new LuceneBackend(mixed).openForReading(spaces.schema(), Duration.ZERO);
        ItemReader picturesIndex = new LuceneBackend(pictures).openForReading(spaces.schema(), Duration.ZERO);
        BufferedWriter perQuery = Files.newBufferedWriter(out.resolve("mixed-queries.jsonl"))) {
      MultimodalSearcher mixedSearcher = new MultimodalSearcher(spaces, mixedIndex);
      MultimodalSearcher picturesSearcher = new MultimodalSearcher(spaces, picturesIndex);
      for (Fusion fusion : Fusion.values()) {
        FusionFigures f = new FusionFigures();
        long t0 = System.nanoTime();
        for (MixedTruth.Query q : truth.queries()) {
          List<QueryPart> parts = parts(q, decoded);
          List<String> ranking = top(mixedSearcher, parts, fusion, q.exclude());
          ObjectNode line = measure(truth, q, ranking, f);
          if (q.type().equals("text")) {
            Set<String> uncaptioned = uncaptionedPictures(truth, q.label());
            if (!uncaptioned.isEmpty()) {
              double alone = MixedMetrics.recall(top(picturesSearcher, parts, fusion, q.exclude()), uncaptioned, MixedMetrics.K);
              f.byType.get("text").uncaptionedPicturesOnly.add(alone);
              line.put("uncaptionedPicturesOnlyR10", alone);
            }
          }
          line.put("fusion", fusion.id());
          perQuery.write(JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(line));
          perQuery.newLine();
          f.queries++;
        }
        f.nanos = System.nanoTime() - t0;
        figures.put(fusion.id(), f);
        log.printf("%s: %d queries in %.1f s; exact caption@1 %.3f, intrusion@10 %.3f, nDCG@10 %.3f, uncaptioned R@10 %.3f "
            + "(pictures only %.3f)%n", fusion.id(), f.queries, f.nanos / 1e9, f.exact(), f.intrusion.mean(), f.ndcg(),
            f.uncaptionedMixed(), f.uncaptionedPicturesOnly());
      }
    }
    Files.writeString(out.resolve("mixed-benchmark.json"), JSON.writeValueAsString(json(truth, figures, mixedTime, picturesTime)));
    String md = markdown(truth, figures, mixedTime, picturesTime);
    Files.writeString(out.resolve("mixed-benchmark.md"), md);
    log.println();
    log.print(md);
  }

  /**
   * Items per encoder call, at indexing as for queries. One, not the indexer's 32: the bundle's
   * int8 bge quantizes its activations per batch, so a caption's vector depends on the captions
   * batched with it (up to 0.03 per coordinate between two runs of the same folder, measured), and
   * which captions share a batch depends on timing. Alone, a caption gets the vector a query of the
   * same text gets, every run.
   */
  static final int BATCH = 1;

  /**
   * Indexes a folder from scratch through {@code mmsearch index}'s pipeline and defaults, except
   * settings that would make two runs differ: {@link #BATCH}, one decode thread (items reach the
   * writer in listing order whatever the machine) and a single commit at the end (no commit on a
   * timer, so one segment and one HNSW graph built in the same order every run). Every item must make it.
   */
  private static Duration index(Spaces spaces, Path folder, Path index, Path errorsFile, long expected, PrintWriter log)
      throws IOException, InterruptedException {
    deleteTree(index);
    JobOptions options = new JobOptions(BATCH, 1, Integer.MAX_VALUE, Duration.ofDays(1), Set.of(),
        ImageLimits.DEFAULTS, AudioLimits.DEFAULTS, errorsFile, Thumbnails.DEFAULT_SIZE);
    JobSummary summary;
    try (ItemIndex ix = new LuceneBackend(index).openForWriting(spaces.schema()); ErrorReport errors = new ErrorReport(errorsFile)) {
      summary = new IndexJob(spaces, ix, options).run(List.of(folder), List.of(), errors, Progress.NONE);
    }
    log.printf("indexed %s into %s: %s%n", folder, index, summary.describe());
    if (summary.failed() > 0 || summary.added() != expected) {
      throw new IllegalStateException("expected " + expected + " items indexed from " + folder + ", got " + summary.added()
          + " with " + summary.failed() + " failures (see " + errorsFile + ")");
    }
    return summary.wall();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static EncoderInput decode(Media media, Path file) throws IOException {
    Medium medium = media.forFile(file.getFileName().toString())
        .orElseThrow(() -> new IllegalArgumentException("not a picture or sound: " + file));
    try {
      return medium.decode(medium.read(file));
    } catch (DecodeException e) {
      throw new IllegalArgumentException("cannot decode query file " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<QueryPart> parts(MixedTruth.Query q, Map<String, EncoderInput> decoded) {
    List<QueryPart> parts = new ArrayList<>();
    if (q.text() != null) {
      parts.add(new QueryPart.Text(q.text(), 1));
    }
    if (q.image() != null) {
      parts.add(new QueryPart.Media(decoded.get(q.image()), 1));
    }
    if (q.audio() != null) {
      parts.add(new QueryPart.Media(decoded.get(q.audio()), 1));
    }
    return parts;
  }

  /** The first ten of the fused ranking under default settings, the query's own item left out. */
  static List<String> top(MultimodalSearcher searcher, List<QueryPart> parts, Fusion fusion, String exclude) {
    List<String> ranking = searcher.search(new SearchRequest(parts, SearchRequest.DEFAULT_K, 0, Filter.NONE, fusion,
        Double.NEGATIVE_INFINITY)).ranking();
    return ranking.stream().filter(id -> !id.equals(exclude)).limit(MixedMetrics.K).toList();
  }

  /** One query's metrics, added to the figures; returned as its line of mixed-queries.jsonl. */
  private static ObjectNode measure(MixedTruth truth, MixedTruth.Query q, List<String> ranking, FusionFigures f) {
    TypeFigures t = f.byType.get(q.type());
    ObjectNode line = JSON.createObjectNode();
    line.put("type", q.type()).put("label", q.label());
    if (q.text() != null) {
      line.put("text", q.text());
    }
    if (q.image() != null) {
      line.put("image", q.image());
    }
    if (q.audio() != null) {
      line.put("audio", q.audio());
    }
    Set<String> relevant = new HashSet<>();
    Set<String> relevantMedia = new HashSet<>();
    for (MixedTruth.Item i : truth.itemsOf(q.label())) {
      if (!i.id().equals(q.exclude())) {
        relevant.add(i.id());
        relevantMedia.addAll(i.media());
      }
    }
    if (!relevant.isEmpty()) {
      double ndcg = MixedMetrics.ndcg(ranking, relevant, MixedMetrics.K);
      t.ndcg.add(ndcg);
      f.ndcgAllQueries.add(ndcg);
      line.put("ndcg10", ndcg);
    }
    if (!relevant.isEmpty() && MixedMetrics.intrusionApplies(relevantMedia, truth.media())) {
      double intrusion = MixedMetrics.intrusion(ranking, truth.mediaById(), relevantMedia, MixedMetrics.K);
      t.intrusion.add(intrusion);
      f.intrusion.add(intrusion);
      line.put("intrusion10", intrusion);
    }
    if (q.expect() != null) {
      double exact = MixedMetrics.exactAt1(ranking, q.expect());
      t.exact.add(exact);
      f.exactByKind.computeIfAbsent(truth.items().get(q.expect()).kind(), k -> new Mean()).add(exact);
      line.put("exact1", exact);
    }
    if (q.type().equals("text")) {
      Set<String> uncaptioned = uncaptionedPictures(truth, q.label());
      if (!uncaptioned.isEmpty()) {
        double r = MixedMetrics.recall(ranking, uncaptioned, MixedMetrics.K);
        t.uncaptionedMixed.add(r);
        line.put("uncaptionedR10", r);
      }
    }
    ArrayNode top = line.putArray("top10");
    ranking.forEach(top::add);
    return line;
  }

  private static Set<String> uncaptionedPictures(MixedTruth truth, String label) {
    Set<String> s = new HashSet<>();
    truth.itemsOf(label).stream().filter(MixedTruth.Item::uncaptionedPicture).forEach(i -> s.add(i.id()));
    return s;
  }

  // ------------------------------------------------------------------ reports

  /** Items by kind and caption, files by source and split, labels by the media of their items, queries by type. */
  static Map<String, Map<String, Integer>> makeUp(MixedTruth truth) {
    Map<String, Integer> items = new TreeMap<>();
    Map<String, Integer> files = new TreeMap<>();
    for (MixedTruth.Item i : truth.items().values()) {
      items.merge(i.kind() + (i.caption() != null ? ", captioned" : ", uncaptioned") + (i.label() == null ? ", no label" : ""), 1,
          Integer::sum);
      for (MixedTruth.SourceFile f : i.files()) {
        files.merge((f.modality().equals("image") ? "picture" : "sound") + ": " + f.source() + ", " + f.split(), 1, Integer::sum);
      }
    }
    Map<String, Integer> labels = new TreeMap<>();
    for (MixedTruth.Label l : truth.labels()) {
      labels.merge(l.media().equals(Set.of("image")) ? "pictures only" : l.media().equals(Set.of("audio")) ? "sounds only"
          : "pictures and sounds", 1, Integer::sum);
    }
    Map<String, Integer> queries = new LinkedHashMap<>();
    MixedTruth.TYPES.forEach(t -> queries.put(t, 0));
    truth.queries().forEach(q -> queries.merge(q.type(), 1, Integer::sum));
    Map<String, Map<String, Integer>> all = new LinkedHashMap<>();
    all.put("items", items);
    all.put("files", files);
    all.put("labels", labels);
    all.put("queries", queries);
    return all;
  }

  private static ObjectNode json(MixedTruth truth, Map<String, FusionFigures> figures, Duration mixedTime, Duration picturesTime) {
    ObjectNode root = JSON.createObjectNode();
    root.put("collection", truth.root().toString()).put("items", truth.items().size()).put("k", MixedMetrics.K);
    root.set("makeUp", JSON.valueToTree(makeUp(truth)));
    root.putObject("indexingSeconds").put("mixed", mixedTime.toMillis() / 1000.0).put("picturesOnly", picturesTime.toMillis() / 1000.0);
    ObjectNode fusions = root.putObject("fusions");
    figures.forEach((name, f) -> {
      ObjectNode o = fusions.putObject(name);
      o.put("queries", f.queries).put("querySeconds", f.nanos / 1e9);
      ObjectNode h = o.putObject("headline");
      h.put("exactCaptionAt1", f.exact());
      h.put("intrusionAt10", f.intrusion.mean());
      h.put("intrusionQueries", f.intrusion.n());
      h.put("ndcgAt10", f.ndcg());
      h.put("ndcgAt10AllQueries", f.ndcgAllQueries.mean());
      h.put("uncaptionedPictureR10Mixed", f.uncaptionedMixed());
      h.put("uncaptionedPictureR10PicturesOnly", f.uncaptionedPicturesOnly());
      h.put("uncaptionedPictureR10Gap", f.uncaptionedPicturesOnly() - f.uncaptionedMixed());
      ObjectNode types = o.putObject("byType");
      f.byType.forEach((type, t) -> {
        ObjectNode n = types.putObject(type);
        n.put("queries", t.ndcg.n()).put("ndcgAt10", t.ndcg.mean());
        n.put("intrusionQueries", t.intrusion.n()).put("intrusionAt10", t.intrusion.mean());
        if (t.exact.n() > 0) {
          n.put("exactCaptionAt1", t.exact.mean());
        }
        if (t.uncaptionedMixed.n() > 0) {
          n.put("uncaptionedQueries", t.uncaptionedMixed.n());
          n.put("uncaptionedPictureR10Mixed", t.uncaptionedMixed.mean());
          n.put("uncaptionedPictureR10PicturesOnly", t.uncaptionedPicturesOnly.mean());
        }
      });
      ObjectNode kinds = o.putObject("exactCaptionAt1ByKind");
      f.exactByKind.forEach((kind, m) -> kinds.putObject(kind).put("queries", m.n()).put("exactCaptionAt1", m.mean()));
    });
    return root;
  }

  static String markdown(MixedTruth truth, Map<String, FusionFigures> figures, Duration mixedTime, Duration picturesTime) {
    StringBuilder md = new StringBuilder();
    Map<String, Map<String, Integer>> makeUp = makeUp(truth);
    md.append(String.format(Locale.ROOT, "Collection: %d items (%s); indexed in %.1f s, its %d pictures alone in %.1f s.%n%n",
        truth.items().size(), describe(makeUp.get("items")), mixedTime.toMillis() / 1000.0,
        truth.items().values().stream().filter(i -> i.media().contains("image")).count(), picturesTime.toMillis() / 1000.0));
    md.append("Files: ").append(describe(makeUp.get("files"))).append(".\n\n");
    md.append("Labels: ").append(describe(makeUp.get("labels"))).append("; queries: ").append(describe(makeUp.get("queries")))
        .append(".\n\n");
    md.append("| fusion | exact caption@1 | intrusion@10 | nDCG@10 (mean of query types) | uncaptioned-picture R@10, mixed "
        + "| same, pictures-only index | gap |\n|---|---|---|---|---|---|---|\n");
    figures.forEach((name, f) -> md.append(String.format(Locale.ROOT, "| `%s` | %.3f | %.3f | %.3f | %.3f | %.3f | %+.3f |%n", name,
        f.exact(), f.intrusion.mean(), f.ndcg(), f.uncaptionedMixed(), f.uncaptionedPicturesOnly(),
        f.uncaptionedPicturesOnly() - f.uncaptionedMixed())));
    md.append("\n| fusion | query type | queries | nDCG@10 | intrusion@10 (queries) | exact caption@1 "
        + "| uncaptioned-picture R@10 mixed / pictures-only (queries) |\n|---|---|---|---|---|---|---|\n");
    figures.forEach((name, f) -> f.byType.forEach((type, t) -> md.append(String.format(Locale.ROOT,
        "| `%s` | %s | %d | %.3f | %s | %s | %s |%n", name, type, t.ndcg.n(), t.ndcg.mean(),
        t.intrusion.n() == 0 ? "–" : String.format(Locale.ROOT, "%.3f (%d)", t.intrusion.mean(), t.intrusion.n()),
        t.exact.n() == 0 ? "–" : String.format(Locale.ROOT, "%.3f", t.exact.mean()),
        t.uncaptionedMixed.n() == 0 ? "–" : String.format(Locale.ROOT, "%.3f / %.3f (%d)", t.uncaptionedMixed.mean(),
            t.uncaptionedPicturesOnly.mean(), t.uncaptionedMixed.n())))));
    md.append("\n| fusion | exact caption@1 by captioned item |\n|---|---|\n");
    figures.forEach((name, f) -> {
      List<String> parts = new ArrayList<>();
      f.exactByKind.forEach((kind, m) -> parts.add(String.format(Locale.ROOT, "%s %.3f (%d)", kind, m.mean(), m.n())));
      md.append("| `").append(name).append("` | ").append(String.join(", ", parts)).append(" |\n");
    });
    return md.toString();
  }

  private static String describe(Map<String, Integer> counts) {
    List<String> parts = new ArrayList<>();
    counts.forEach((k, v) -> parts.add(v + " " + k));
    return String.join("; ", parts);
  }
}

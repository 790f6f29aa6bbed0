package dev.mmsearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.GarbageCollectionNotificationInfo;
import dev.mmsearch.bench.MixedBenchmark.Mean;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.catalog.Space;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.TimelineEncoding;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.extract.AudioLimits;
import dev.mmsearch.extract.DecodeException;
import dev.mmsearch.extract.ImageLimits;
import dev.mmsearch.extract.Thumbnails;
import dev.mmsearch.extract.video.Video;
import dev.mmsearch.extract.video.VideoDecoder;
import dev.mmsearch.extract.video.VideoLimits;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.ItemReader;
import dev.mmsearch.index.Moment;
import dev.mmsearch.index.lucene.LuceneBackend;
import dev.mmsearch.ingest.ErrorReport;
import dev.mmsearch.ingest.IndexJob;
import dev.mmsearch.ingest.JobOptions;
import dev.mmsearch.ingest.JobSummary;
import dev.mmsearch.ingest.Progress;
import dev.mmsearch.media.Media;
import dev.mmsearch.media.MediaLimits;
import dev.mmsearch.media.Medium;
import dev.mmsearch.query.Fusion;
import dev.mmsearch.query.MomentHit;
import dev.mmsearch.query.MultimodalSearcher;
import dev.mmsearch.query.QueryPart;
import dev.mmsearch.query.SearchHit;
import dev.mmsearch.query.SearchRequest;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The video benchmark (issue 26): indexes a collection written by {@code bench/video/make_videos.py}
 * (its videos, distractor pictures and distractor sounds; names not embedded, so file names say
 * nothing) through the indexer's own pipeline into an embedded index, then measures
 * <ul>
 *   <li><b>moments by caption</b>: each shot's caption as a text query over every field with the
 *       default fusion; R@1 / R@10 of the shot's video among all items, and the temporal IoU of
 *       that video's best moment with the shot ({@link VideoMetrics#CORRECT_IOU} or more is correct);
 *   <li><b>picture → video and sound → video</b>: the collection's query files; R@1 / R@10 of any
 *       video holding a relevant shot, and the best moment of every relevant video against its shot;
 *   <li>the same queries against the same index read without moments ({@link PooledOnlyReader}:
 *       pooled item vectors only), to show what moments add; and both again searching only the
 *       fields of the video's side the query matches (picture fields for captions and pictures,
 *       sound fields for sounds), to show what the cross-modal lists do to them;
 *   <li><b>segmentation</b>: the indexed moments against the true shot changes;
 *   <li><b>indexing</b>: wall time, stage thread-seconds, video-seconds per second, peak heap and
 *       resident memory; and the decoder alone over every video.
 * </ul>
 * Writes {@code video-benchmark.json}, {@code video-benchmark.md} and every query's top 10 and
 * moments per mode ({@code video-queries.jsonl}) to the output folder.
 */
final class VideoBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Hits per query: the whole window, so every video of a small collection is on the page with its moments ranked. */
  static final int PAGE = SearchRequest.DEFAULT_WINDOW;

  /** Items per encoder call: the indexer's default. */
  static final int BATCH = 32;

  /** The folder the videos are linked into: it sorts before pictures/ and sounds/, so the videos are indexed first. */
  static final String VIDEOS = "clips";

  /** Searching every field (as the API does by default), read with moments and read with pooled vectors only. */
  static final List<String> MODES = List.of("moments", "pooled");

  /**
   * The same with the fields of the video's side the query matches: the picture fields for captions
   * and pictures, the sound fields for sounds (no cross-modal list: no picture field for a sound).
   */
  static final List<String> SAME_MODALITY = List.of("moments, same-modality fields", "pooled, same-modality fields");

  /** Report rows, in order. */
  static final List<String> ROWS = List.of("caption", "caption, instrument", "caption, effect", "caption, speech", "caption, none",
      "picture", "sound, natural", "sound, spoken");

  private VideoBenchmark() {}

  /** The figures of one row under one mode. */
  static final class Figures {
    final Mean r1 = new Mean();
    final Mean r10 = new Mean();
    final Mean r1Videos = new Mean();
    final Mean r10Videos = new Mean();
    /** Caption rows: the first item is a video showing the subject (any of them, not only the shot's). */
    final Mean subjectR1 = new Mean();
    final Mean correct = new Mean();
    final Mean iou = new Mean();
    final Mean correctTop10 = new Mean();
    final Mean chance = new Mean();
    int skipped;
  }

  record Target(String video, VideoTruth.Ref shot) {}

  static void run(Spaces spaces, VideoTruth truth, Path out, PrintWriter log) throws IOException, InterruptedException {
    Files.createDirectories(out);
    Path collection = link(truth, out.resolve("collection"));
    Path indexDir = out.resolve("index");
    int expected = truth.videos().size() + truth.distractors().size();
    ObjectNode root = JSON.createObjectNode();
    root.put("collection", truth.root().toString());
    root.put("cores", Runtime.getRuntime().availableProcessors());
    root.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    root.put("loadBefore", load());

    ObjectNode indexing = index(spaces, truth, collection, indexDir, out.resolve("errors.jsonl"), expected, log);
    root.set("indexing", indexing);
    ObjectNode decoding = decodeAll(truth, log);
    decoding.set("heldPerVideo", held(spaces, truth, log));
    root.set("decoder", decoding);

    Media media = Media.of(spaces, MediaLimits.DEFAULTS, 0);
    Map<String, EncoderInput> decoded = new HashMap<>();
    for (VideoTruth.Query q : truth.queries()) {
      decoded.put(q.path(), decode(media, truth.root().resolve(q.path())));
    }

    Map<String, Map<String, Figures>> figures = new LinkedHashMap<>();
    ObjectNode querySeconds = root.putObject("querySeconds");
    ObjectNode segmentation;
    try (ItemReader index = new LuceneBackend(indexDir).openForReading(spaces.schema(), Duration.ZERO);
        BufferedWriter perQuery = Files.newBufferedWriter(out.resolve("video-queries.jsonl"))) {
      Map<String, List<Moment>> moments = new TreeMap<>();
      for (VideoTruth.VideoFile v : truth.videos()) {
        Item item = index.get(id(v.file())).orElseThrow(() -> new IllegalStateException("video not indexed: " + v.file()));
        moments.put(v.file(), item.moments());
      }
      segmentation = segmentation(truth, moments);
      ItemReader pooled = new PooledOnlyReader(index);
      Set<String> pictureFields = fields(index, Modality.IMAGE);
      Set<String> soundFields = fields(index, Modality.AUDIO);
      for (String mode : java.util.stream.Stream.concat(MODES.stream(), SAME_MODALITY.stream()).toList()) {
        Map<String, Figures> f = new LinkedHashMap<>();
        ROWS.forEach(r -> f.put(r, new Figures()));
        MultimodalSearcher searcher = new MultimodalSearcher(spaces, mode.startsWith("moments") ? index : pooled);
        boolean all = MODES.contains(mode);
        long t0 = System.nanoTime();
        int n = 0;
        for (VideoTruth.Shot s : truth.shots()) {
          List<SearchHit> hits = search(searcher, new QueryPart.Text(s.caption(), 1), all ? Set.of() : pictureFields);
          VideoTruth.Ref ref = new VideoTruth.Ref(s.video(), s.shot(), s.start(), s.end());
          ObjectNode line = line(mode, "caption", s.caption(), s.subject(), hits);
          line.put("video", s.video()).put("shot", s.shot()).put("soundKind", s.soundKind());
          Set<String> subjectVideos = new java.util.HashSet<>();
          truth.shots().stream().filter(x -> x.subject().equals(s.subject())).forEach(x -> subjectVideos.add(id(x.video())));
          for (Figures fig : List.of(f.get("caption"), f.get("caption, " + s.soundKind()))) {
            recall(fig, hits, Set.of(id(s.video())));
            fig.subjectR1.add(!hits.isEmpty() && subjectVideos.contains(hits.getFirst().item().id()) ? 1 : 0);
          }
          ArrayNode targets = line.putArray("targets");
          moment(List.of(f.get("caption"), f.get("caption, " + s.soundKind())), hits, ref, truth, moments, targets);
          write(perQuery, line);
          n++;
        }
        for (VideoTruth.Query q : truth.queries()) {
          String row = q.type().equals("picture") ? "picture" : q.soundKind().equals("speech") ? "sound, spoken" : "sound, natural";
          List<VideoTruth.Ref> wanted = q.type().equals("picture") ? q.relevant() : q.heard();
          Figures fig = f.get(row);
          if (wanted.isEmpty()) {
            fig.skipped++;
            continue;
          }
          List<SearchHit> hits = search(searcher, new QueryPart.Media(decoded.get(q.path()), 1),
              all ? Set.of() : q.type().equals("picture") ? pictureFields : soundFields);
          ObjectNode line = line(mode, q.type(), q.path(), q.subject(), hits);
          Set<String> videos = new java.util.HashSet<>();
          wanted.forEach(r -> videos.add(id(r.video())));
          recall(fig, hits, videos);
          ArrayNode targets = line.putArray("targets");
          for (VideoTruth.Ref r : wanted) {
            moment(List.of(fig), hits, r, truth, moments, targets);
          }
          write(perQuery, line);
          n++;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        figures.put(mode, f);
        log.printf("%s: %d queries in %.1f s; caption R@10 %.3f, moment correct %.3f; picture R@1 %.3f; natural sound R@1 %.3f%n",
            mode, n, seconds, f.get("caption").r10.mean(), f.get("caption").correct.mean(), f.get("picture").r1.mean(),
            f.get("sound, natural").r1.mean());
        querySeconds.put(mode, seconds);
      }
    }
    root.set("segmentation", segmentation);
    root.set("figures", figuresJson(figures));
    root.put("loadAfter", load());
    Files.writeString(out.resolve("video-benchmark.json"), JSON.writeValueAsString(root));
    String md = markdown(truth, root, figures);
    Files.writeString(out.resolve("video-benchmark.md"), md);
    log.println();
    log.print(md);
    log.flush();
  }

  static String id(String videoFile) {
    return VIDEOS + "/" + videoFile;
  }

  /**
   * The folder indexed: links to the videos under {@value #VIDEOS}/, to the distractors under
   * pictures/ and sounds/; the query files and the truth stay out.
   */
  private static Path link(VideoTruth truth, Path folder) throws IOException {
    deleteTree(folder);
    Files.createDirectories(folder.resolve(VIDEOS));
    for (VideoTruth.VideoFile v : truth.videos()) {
      Files.createSymbolicLink(folder.resolve(VIDEOS).resolve(v.file()), truth.root().resolve("videos").resolve(v.file()).toAbsolutePath());
    }
    for (VideoTruth.Distractor d : truth.distractors()) {
      Path dst = folder.resolve(d.path());
      Files.createDirectories(dst.getParent());
      Files.createSymbolicLink(dst, truth.root().resolve(d.path()).toAbsolutePath());
    }
    return folder;
  }

  // ------------------------------------------------------------------ indexing and decoding

  /**
   * Indexes the folder from scratch through {@code mmsearch index}'s pipeline with its defaults on
   * this machine (batches of {@value #BATCH}, half the cores decoding), names off, and one commit at
   * the end (no commit on a timer, so one segment). Every item must make it. Measures the wall time,
   * when the last video was done (they are listed first), the stages' thread-seconds, the live heap
   * after each collection (its maximum) and the peak resident set (VmHWM, reset before the job where
   * the kernel allows it).
   */
  private static ObjectNode index(Spaces spaces, VideoTruth truth, Path folder, Path index, Path errorsFile, int expected,
      PrintWriter log) throws IOException, InterruptedException {
    deleteTree(index);
    JobOptions options = new JobOptions(BATCH, JobOptions.defaults().decodeThreads(), Integer.MAX_VALUE, Duration.ofDays(1),
        Set.of(), ImageLimits.DEFAULTS, AudioLimits.DEFAULTS, errorsFile, Thumbnails.DEFAULT_SIZE, false, VideoLimits.DEFAULTS);
    List<Long> steps = java.util.Collections.synchronizedList(new ArrayList<>());
    Progress progress = new Progress() {
      @Override
      public void start(long total) {}

      @Override
      public void step(int failed) {
        steps.add(System.nanoTime());
      }

      @Override
      public void close() {}
    };
    System.gc();
    long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long rssBefore = procStatus("VmRSS");
    boolean reset = resetPeak();
    JobSummary summary;
    long t0;
    try (HeapWatch heap = new HeapWatch();
        ItemIndex ix = new LuceneBackend(index).openForWriting(spaces.schema());
        ErrorReport errors = new ErrorReport(errorsFile)) {
      t0 = System.nanoTime();
      long cpu0 = cpuNanos();
      summary = new IndexJob(spaces, ix, options).run(List.of(folder), List.of(), errors, progress);
      double cpu = (cpuNanos() - cpu0) / 1e9;
      ObjectNode o = JSON.createObjectNode();
      long hwm = procStatus("VmHWM");
      log.printf("indexed %s: %s%n", folder, summary.describe());
      if (summary.failed() > 0 || summary.added() != expected) {
        throw new IllegalStateException("expected " + expected + " items indexed from " + folder + ", got " + summary.added()
            + " with " + summary.failed() + " failures (see " + errorsFile + ")");
      }
      double videoSeconds = truth.videos().stream().mapToDouble(VideoTruth.VideoFile::duration).sum();
      int videos = truth.videos().size();
      double videosWall = (steps.get(videos - 1) - t0) / 1e9;
      double wall = summary.wall().toNanos() / 1e9;
      o.put("items", summary.added()).put("videos", videos).put("distractors", truth.distractors().size());
      o.put("videoSeconds", videoSeconds);
      o.put("wallSeconds", wall);
      o.put("videosDoneAfterSeconds", videosWall);
      o.put("videoSecondsPerSecond", videoSeconds / wall);
      o.put("videoSecondsPerSecondVideosOnly", videoSeconds / videosWall);
      o.put("processCpuSeconds", cpu);
      o.put("videoSecondsPerCpuSecond", videoSeconds / cpu);
      o.put("batch", options.batchSize()).put("decodeThreads", options.decodeThreads());
      ObjectNode stages = o.putObject("stageThreadSeconds");
      summary.stageTime().forEach((stage, d) -> stages.put(stage, d.toNanos() / 1e9));
      o.put("heapUsedBeforeBytes", heapBefore);
      o.put("maxHeapAfterGcBytes", heap.maxAfterGc());
      o.put("gcs", heap.count());
      o.put("rssBeforeBytes", rssBefore);
      o.put("peakRssBytes", hwm);
      o.put("peakRssResetBeforeJob", reset);
      return o;
    }
  }

  /** The decoder alone over every video, one thread, twice (the first pass also warms the JIT). */
  private static ObjectNode decodeAll(VideoTruth truth, PrintWriter log) throws IOException {
    VideoDecoder decoder = new VideoDecoder(VideoLimits.DEFAULTS);
    ObjectNode o = JSON.createObjectNode();
    ArrayNode passes = o.putArray("passes");
    System.gc();
    boolean reset = resetPeak();
    long rssBefore = procStatus("VmRSS");
    try (HeapWatch heap = new HeapWatch()) {
      for (int pass = 1; pass <= 2; pass++) {
        double seconds = 0;
        int segments = 0;
        int frames = 0;
        long bytes = 0;
        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        for (VideoTruth.VideoFile v : truth.videos()) {
          Path file = truth.root().resolve("videos").resolve(v.file());
          try {
            Video video = decoder.decode(file);
            seconds += video.seconds();
            segments += video.segments().size();
            frames += video.segments().stream().mapToInt(s -> s.frames().size()).sum();
            bytes += Files.size(file);
          } catch (DecodeException e) {
            throw new IllegalStateException("the decoder refused " + file + ": " + e.getMessage(), e);
          }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        passes.addObject().put("pass", pass).put("processCpuSeconds", cpu).put("videos", truth.videos().size()).put("videoSeconds", seconds)
            .put("bytes", bytes).put("moments", segments).put("framesReturned", frames).put("wallSeconds", wall)
            .put("videoSecondsPerSecond", seconds / wall);
        log.printf("decode pass %d: %d videos, %.1f s of video in %.2f s: %.1f video-seconds per second; %d moments, %d frames%n",
            pass, truth.videos().size(), seconds, wall, seconds / wall, segments, frames);
      }
      o.put("maxHeapAfterGcBytes", heap.maxAfterGc());
      o.put("rssBeforeBytes", rssBefore);
      o.put("peakRssBytes", procStatus("VmHWM"));
      o.put("peakRssResetBefore", reset);
    }
    return o;
  }

  /**
   * What one video costs the indexer's heap while it waits for the encoders: each video in turn
   * decoded (frames, sound, poster) and then also prepared for the picture and sound encoders
   * (frames resized to each encoder's input, sound prepared as the audio encoder reads it), the live
   * heap measured after a full collection with it held, less the live heap without it. The indexer
   * holds at most three batches of items in flight ({@code IndexJob}).
   */
  private static ObjectNode held(Spaces spaces, VideoTruth truth, PrintWriter log) throws IOException {
    Media media = Media.of(spaces, MediaLimits.DEFAULTS, 0);
    List<Encoder> encoders = new ArrayList<>();
    for (Space s : spaces.all()) {
      for (Modality m : List.of(Modality.IMAGE, Modality.AUDIO)) {
        if (s.modalities().contains(m) && s.encoder(m) != null) {
          encoders.add(s.encoder(m));
        }
      }
    }
    Mean decoded = new Mean();
    Mean prepared = new Mean();
    long maxPrepared = 0;
    String largest = null;
    long base = liveHeap();
    for (VideoTruth.VideoFile v : truth.videos()) {
      Path file = truth.root().resolve("videos").resolve(v.file());
      Medium medium = media.forFile(v.file()).orElseThrow();
      EncoderInput.Timeline timeline;
      try {
        timeline = (EncoderInput.Timeline) medium.decode(medium.read(file));
      } catch (DecodeException e) {
        throw new IllegalStateException("the decoder refused " + file + ": " + e.getMessage(), e);
      }
      long d = liveHeap() - base;
      TimelineEncoding.Prepared p = TimelineEncoding.prepare(encoders, timeline);
      long dp = liveHeap() - base;
      java.lang.ref.Reference.reachabilityFence(timeline);
      java.lang.ref.Reference.reachabilityFence(p);
      decoded.add(d);
      prepared.add(dp);
      if (dp > maxPrepared) {
        maxPrepared = dp;
        largest = v.file() + String.format(Locale.ROOT, " (%.1f s, %dx%d, %s)", v.duration(), v.width(), v.height(),
            v.audio() ? "with sound" : "no sound");
      }
      timeline = null;
      p = null;
      base = liveHeap();
    }
    double seconds = truth.videos().stream().mapToDouble(VideoTruth.VideoFile::duration).sum();
    ObjectNode o = JSON.createObjectNode();
    o.put("videos", decoded.n()).put("decodedBytes", decoded.mean()).put("decodedAndPreparedBytes", prepared.mean())
        .put("decodedAndPreparedBytesPerVideoSecond", prepared.mean() * decoded.n() / seconds)
        .put("largestDecodedAndPreparedBytes", maxPrepared).put("largest", largest);
    log.printf("held per video: decoded %.1f MB, decoded and prepared %.1f MB on average (%.0f KB per second of video); "
        + "largest %.1f MB: %s%n", decoded.mean() / 1e6, prepared.mean() / 1e6, prepared.mean() * decoded.n() / seconds / 1e3,
        maxPrepared / 1e6, largest);
    return o;
  }

  private static long liveHeap() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The largest live heap after a collection while open, from the collectors' notifications. */
  static final class HeapWatch implements AutoCloseable {
    private final AtomicLong max = new AtomicLong();
    private final AtomicInteger count = new AtomicInteger();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = (n, handback) -> {
      if (n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
        max.accumulateAndGet(used, Math::max);
        count.incrementAndGet();
      }
    };

    HeapWatch() {
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter e) {
          e.addNotificationListener(listener, null, null);
          emitters.add(e);
        }
      }
    }

    long maxAfterGc() {
      return max.get();
    }

    int count() {
      return count.get();
    }

    @Override
    public void close() {
      for (NotificationEmitter e : emitters) {
        try {
          e.removeNotificationListener(listener);
        } catch (javax.management.ListenerNotFoundException ignored) {
          // never added
        }
      }
    }
  }

  /** A value of /proc/self/status in bytes ("VmRSS", "VmHWM"), or -1 where there is none. */
  static long procStatus(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key + ":")) {
          String[] parts = line.substring(key.length() + 1).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Resets the peak resident set to the current one (Linux: "5" to /proc/self/clear_refs); false where not allowed. */
  static boolean resetPeak() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** CPU time of the whole process so far (every thread, the garbage collector's too), or 0 where the JVM does not say. */
  static long cpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : 0;
  }

  /** The 1-minute load average, or -1. */
  static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
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

  // ------------------------------------------------------------------ queries

  /** Every hit of one part over {@code fields} (empty: all), default fusion: the whole window on one page. */
  static List<SearchHit> search(MultimodalSearcher searcher, QueryPart part, Set<String> fields) {
    return searcher.search(new SearchRequest(List.of(part), PAGE, 0, 0, Filter.NONE, Fusion.DEFAULT, Double.NEGATIVE_INFINITY,
        Set.of(), fields)).hits();
  }

  /** The index's vector fields of one modality ({@code clip.image}, {@code bind.image}, ...). */
  private static Set<String> fields(ItemReader index, Modality modality) {
    Set<String> out = new java.util.TreeSet<>();
    index.schema().fields().forEach((name, spec) -> {
      if (spec.modality() == modality) {
        out.add(name);
      }
    });
    return Set.copyOf(out);
  }

  private static void recall(Figures f, List<SearchHit> hits, Set<String> relevant) {
    List<String> all = hits.stream().map(h -> h.item().id()).toList();
    List<String> videos = all.stream().filter(id -> id.startsWith(VIDEOS + "/")).toList();
    f.r1.add(MixedMetrics.recall(all, relevant, 1) > 0 ? 1 : 0);
    f.r10.add(MixedMetrics.recall(all, relevant, 10) > 0 ? 1 : 0);
    f.r1Videos.add(MixedMetrics.recall(videos, relevant, 1) > 0 ? 1 : 0);
    f.r10Videos.add(MixedMetrics.recall(videos, relevant, 10) > 0 ? 1 : 0);
  }

  /**
   * The best moment of the target video's hit against the target shot, added to each of
   * {@code figures}. Without moments (the pooled baseline) a hit names none, and a player starts the
   * video at 0: the "moment" is then the whole video. Chance: the share of the video's indexed
   * moments that would be correct, as if the best one were drawn at random.
   */
  private static void moment(List<Figures> figures, List<SearchHit> hits, VideoTruth.Ref shot, VideoTruth truth,
      Map<String, List<Moment>> moments, ArrayNode out) {
    String id = id(shot.video());
    int rank = -1;
    int videoRank = 0;
    SearchHit hit = null;
    for (int i = 0; i < hits.size(); i++) {
      if (hits.get(i).item().id().startsWith(VIDEOS + "/")) {
        videoRank++;
      }
      if (hits.get(i).item().id().equals(id)) {
        rank = i + 1;
        hit = hits.get(i);
        break;
      }
    }
    ObjectNode t = out.addObject();
    t.put("video", shot.video()).put("shot", shot.shot()).put("start", shot.start()).put("end", shot.end());
    if (hit == null) {
      t.putNull("rank");
      figures.forEach(f -> f.skipped++);
      return;
    }
    double start;
    double end;
    if (hit.moments().isEmpty()) {
      start = 0;
      end = truth.videosByFile().get(shot.video()).duration();
    } else {
      MomentHit best = hit.moments().getFirst();
      start = best.span().start();
      end = best.span().end();
    }
    double iou = VideoMetrics.iou(start, end, shot.start(), shot.end());
    List<Moment> of = moments.get(shot.video());
    double chance = of.stream().filter(m -> VideoMetrics.iou(m.start(), m.end(), shot.start(), shot.end()) >= VideoMetrics.CORRECT_IOU)
        .count() / (double) of.size();
    t.put("rank", rank).put("videoRank", videoRank).put("momentStart", start).put("momentEnd", end).put("iou", iou);
    for (Figures f : figures) {
      f.iou.add(iou);
      f.correct.add(iou >= VideoMetrics.CORRECT_IOU ? 1 : 0);
      f.chance.add(chance);
      if (rank <= 10) {
        f.correctTop10.add(iou >= VideoMetrics.CORRECT_IOU ? 1 : 0);
      }
    }
  }

  private static ObjectNode line(String mode, String type, String query, String subject, List<SearchHit> hits) {
    ObjectNode line = JSON.createObjectNode();
    line.put("mode", mode).put("type", type).put("query", query).put("subject", subject);
    ArrayNode top = line.putArray("top10");
    hits.stream().limit(10).forEach(h -> top.add(h.item().id()));
    return line;
  }

  private static void write(BufferedWriter w, ObjectNode line) throws IOException {
    w.write(JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(line));
    w.newLine();
  }

  // ------------------------------------------------------------------ segmentation

  /**
   * The indexed moments against the true shots: how many; each true shot change's distance to the
   * nearest moment boundary (by how the shot begins: cut, dissolve, dip to black); moment
   * boundaries more than 1 s from any true change; and the best any moment does per shot (the share
   * of shots some moment matches with IoU ≥ 0.5: the ceiling of "moment correct").
   */
  static ObjectNode segmentation(VideoTruth truth, Map<String, List<Moment>> moments) {
    ObjectNode o = JSON.createObjectNode();
    Map<String, List<VideoTruth.Shot>> shots = truth.shotsByVideo();
    int momentCount = 0;
    int extra = 0;
    int longest = 0;
    Map<String, double[]> within = new TreeMap<>(); // transition -> [n, <=0.25, <=0.5, <=1.0]
    Mean oracle = new Mean();
    Mean oracleIou = new Mean();
    for (Map.Entry<String, List<VideoTruth.Shot>> e : shots.entrySet()) {
      List<Moment> of = moments.get(e.getKey());
      momentCount += of.size();
      longest = Math.max(longest, of.size());
      List<Double> found = new ArrayList<>();
      for (int i = 1; i < of.size(); i++) {
        found.add(of.get(i).start());
      }
      List<Double> real = new ArrayList<>();
      for (VideoTruth.Shot s : e.getValue()) {
        if (s.shot() > 0) {
          real.add(s.start());
          double d = VideoMetrics.nearest(s.start(), found);
          double[] w = within.computeIfAbsent(s.transitionIn(), k -> new double[4]);
          w[0]++;
          w[1] += d <= 0.25 ? 1 : 0;
          w[2] += d <= 0.5 ? 1 : 0;
          w[3] += d <= 1.0 ? 1 : 0;
        }
        double best = of.stream().mapToDouble(m -> VideoMetrics.iou(m.start(), m.end(), s.start(), s.end())).max().orElse(0);
        oracleIou.add(best);
        oracle.add(best >= VideoMetrics.CORRECT_IOU ? 1 : 0);
      }
      extra += VideoMetrics.extra(found, real, 1.0);
    }
    o.put("shots", truth.shots().size()).put("moments", momentCount).put("mostMomentsInAVideo", longest);
    o.put("extraBoundaries", extra);
    ObjectNode changes = o.putObject("shotChanges");
    within.forEach((kind, w) -> changes.putObject(kind).put("changes", (int) w[0]).put("within025", w[1] / w[0])
        .put("within05", w[2] / w[0]).put("within1", w[3] / w[0]));
    double[] all = new double[4];
    within.values().forEach(w -> {
      for (int i = 0; i < 4; i++) {
        all[i] += w[i];
      }
    });
    changes.putObject("all").put("changes", (int) all[0]).put("within025", all[1] / all[0]).put("within05", all[2] / all[0])
        .put("within1", all[3] / all[0]);
    o.put("bestMomentCorrect", oracle.mean()).put("bestMomentMeanIou", oracleIou.mean());
    return o;
  }

  // ------------------------------------------------------------------ reports

  private static ObjectNode figuresJson(Map<String, Map<String, Figures>> figures) {
    ObjectNode o = JSON.createObjectNode();
    figures.forEach((mode, rows) -> {
      ObjectNode m = o.putObject(mode);
      rows.forEach((row, f) -> m.putObject(row).put("queries", f.r1.n()).put("skipped", f.skipped)
          .put("r1", f.r1.mean()).put("r10", f.r10.mean()).put("r1AmongVideos", f.r1Videos.mean())
          .put("r10AmongVideos", f.r10Videos.mean()).put("subjectR1", f.subjectR1.mean())
          .put("momentPairs", f.correct.n()).put("momentCorrect", f.correct.mean()).put("meanIou", f.iou.mean())
          .put("momentPairsInTop10", f.correctTop10.n()).put("momentCorrectInTop10", f.correctTop10.mean())
          .put("momentCorrectByChance", f.chance.mean()));
    });
    return o;
  }

  private static String f3(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String mb(long bytes) {
    return bytes < 0 ? "–" : String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
  }

  private static void table(StringBuilder md, Map<String, Map<String, Figures>> figures, List<String> modes, List<String> rows) {
    md.append("| query | index read | queries | R@1 | R@10 | R@1 among videos | subject R@1 | moment correct (pairs) "
        + "| moment correct, video in top 10 | mean IoU | correct by chance |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (String row : rows) {
      for (String mode : modes) {
        Figures f = figures.get(mode).get(row);
        md.append(String.format(Locale.ROOT, "| %s | %s | %d%s | %s | %s | %s | %s | %s (%d) | %s (%d) | %s | %s |%n", row, mode,
            f.r1.n(), f.skipped > 0 ? " (+" + f.skipped + " without target)" : "", f3(f.r1.mean()), f3(f.r10.mean()),
            f3(f.r1Videos.mean()), row.startsWith("caption") ? f3(f.subjectR1.mean()) : "–", f3(f.correct.mean()), f.correct.n(),
            f3(f.correctTop10.mean()), f.correctTop10.n(), f3(f.iou.mean()), mode.startsWith("pooled") ? "–" : f3(f.chance.mean())));
      }
    }
  }

  static String markdown(VideoTruth truth, ObjectNode root, Map<String, Map<String, Figures>> figures) {
    StringBuilder md = new StringBuilder();
    ObjectNode ix = (ObjectNode) root.get("indexing");
    long distractorPictures = truth.distractors().stream().filter(d -> d.kind().equals("picture")).count();
    md.append(String.format(Locale.ROOT, "Collection: %d videos (%.1f s, %d shots), %d distractor pictures, %d distractor sounds; "
            + "%d picture and %d sound queries.%n%n", truth.videos().size(), ix.get("videoSeconds").asDouble(), truth.shots().size(),
        distractorPictures, truth.distractors().size() - distractorPictures,
        truth.queries().stream().filter(q -> q.type().equals("picture")).count(),
        truth.queries().stream().filter(q -> q.type().equals("sound")).count()));

    md.append("Every field (the API's default):\n\n");
    table(md, figures, MODES, ROWS);
    md.append("\nOnly the fields of the video's side the query matches (captions and pictures: picture fields; sounds: sound "
        + "fields):\n\n");
    table(md, figures, SAME_MODALITY, ROWS.stream().filter(r -> !r.startsWith("caption, ")).toList());

    ObjectNode seg = (ObjectNode) root.get("segmentation");
    md.append(String.format(Locale.ROOT, "%nSegmentation: %d true shots, %d moments indexed (at most %d in a video); "
            + "%d moment boundaries more than 1 s from any true shot change; a moment matches its shot (IoU ≥ 0.5) for %s of "
            + "shots (mean best IoU %s).%n%n", seg.get("shots").asInt(), seg.get("moments").asInt(),
        seg.get("mostMomentsInAVideo").asInt(), seg.get("extraBoundaries").asInt(), f3(seg.get("bestMomentCorrect").asDouble()),
        f3(seg.get("bestMomentMeanIou").asDouble())));
    md.append("| shot change | changes | a boundary within 0.25 s | within 0.5 s | within 1 s |\n|---|---|---|---|---|\n");
    seg.get("shotChanges").properties().forEach(e -> md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", e.getKey(),
        e.getValue().get("changes").asInt(), f3(e.getValue().get("within025").asDouble()), f3(e.getValue().get("within05").asDouble()),
        f3(e.getValue().get("within1").asDouble()))));

    md.append(String.format(Locale.ROOT, "%nIndexing (%d items, batch %d, %d decode thread(s), %d cores, max heap %s): wall %.1f s, "
            + "%.2f video-seconds per second; the %d videos done after %.1f s (%.2f video-seconds per second).%n",
        ix.get("items").asInt(), ix.get("batch").asInt(), ix.get("decodeThreads").asInt(), root.get("cores").asInt(),
        mb(root.get("maxHeapBytes").asLong()), ix.get("wallSeconds").asDouble(), ix.get("videoSecondsPerSecond").asDouble(),
        ix.get("videos").asInt(), ix.get("videosDoneAfterSeconds").asDouble(), ix.get("videoSecondsPerSecondVideosOnly").asDouble()));
    List<String> stages = new ArrayList<>();
    ix.get("stageThreadSeconds").properties().forEach(e -> stages.add(String.format(Locale.ROOT, "%s %.1f", e.getKey(),
        e.getValue().asDouble())));
    md.append("Stage thread-seconds: ").append(String.join(", ", stages)).append(String.format(Locale.ROOT,
        "; process CPU %.1f s (%.1f video-seconds per CPU-second).%n", ix.get("processCpuSeconds").asDouble(),
        ix.get("videoSecondsPerCpuSecond").asDouble()));
    md.append(String.format(Locale.ROOT, "Memory while indexing: live heap after GC at most %s (%d collections; %s before the job); "
            + "resident set %s before, peak %s%s.%n", mb(ix.get("maxHeapAfterGcBytes").asLong()), ix.get("gcs").asInt(),
        mb(ix.get("heapUsedBeforeBytes").asLong()), mb(ix.get("rssBeforeBytes").asLong()), mb(ix.get("peakRssBytes").asLong()),
        ix.get("peakRssResetBeforeJob").asBoolean() ? " (VmHWM reset before the job)" : " (VmHWM of the whole process)"));
    ObjectNode dec = (ObjectNode) root.get("decoder");
    for (var p : dec.get("passes")) {
      md.append(String.format(Locale.ROOT, "Decoder alone, pass %d: %.1f s of video in %.2f s, %.1f video-seconds per second, "
              + "process CPU %.2f s (%d moments, %d frames returned).%n", p.get("pass").asInt(), p.get("videoSeconds").asDouble(),
          p.get("wallSeconds").asDouble(), p.get("videoSecondsPerSecond").asDouble(), p.get("processCpuSeconds").asDouble(),
          p.get("moments").asInt(), p.get("framesReturned").asInt()));
    }
    md.append(String.format(Locale.ROOT, "Memory while decoding alone: live heap after GC at most %s; resident set %s before, peak %s.%n",
        mb(dec.get("maxHeapAfterGcBytes").asLong()), mb(dec.get("rssBeforeBytes").asLong()), mb(dec.get("peakRssBytes").asLong())));
    JsonNode h = dec.get("heldPerVideo");
    md.append(String.format(Locale.ROOT, "Heap per video waiting for the encoders (each of the %d decoded, then also prepared, "
            + "alone; live heap after a full GC, less the heap without it): decoded %.1f MB, decoded and prepared %.1f MB on average "
            + "(%.0f KB per second of video); largest %.1f MB, %s.%n", h.get("videos").asInt(), h.get("decodedBytes").asDouble() / 1e6,
        h.get("decodedAndPreparedBytes").asDouble() / 1e6, h.get("decodedAndPreparedBytesPerVideoSecond").asDouble() / 1e3,
        h.get("largestDecodedAndPreparedBytes").asLong() / 1e6, h.get("largest").asText()));
    md.append(String.format(Locale.ROOT, "Load average (1 min): %.2f before, %.2f after.%n", root.get("loadBefore").asDouble(),
        root.get("loadAfter").asDouble()));
    return md.toString();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

package dev.mmsearch.ingest;

import dev.mmsearch.calibrate.Calibration;
import dev.mmsearch.calibrate.Calibrator;
import dev.mmsearch.catalog.Space;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.derive.DerivedMetadata;
import dev.mmsearch.derive.ocr.TextReader;
import dev.mmsearch.index.IndexingProgress;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.ItemReader;
import dev.mmsearch.index.ItemState;
import dev.mmsearch.media.Media;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bulk indexing job: streams the inputs through read → hash → decode and thumbnail (N threads)
 * → batched encoding, one forward pass per backbone → index writer (one thread), with a bounded
 * number of items in flight, so memory stays flat whatever the collection size.
 *
 * <p>Incremental and crash-safe: each item's content hash covers its files, text and metadata; an
 * item is skipped when its hash matches and it already has every field the job computes (and its
 * thumbnail), so a re-run skips what is done, a changed item is re-embedded, a new space fills
 * in, and items whose file vanished from a directory input are deleted. Work becomes durable at
 * each commit; after a crash (even {@code kill -9}) a re-run redoes only what the last commit
 * lacks, and {@code updateDocument} by id means nothing is ever duplicated.
 *
 * <p>A job limited to some spaces ({@link JobOptions#spaces()}) replaces only those spaces' fields:
 * an unchanged item keeps the vectors of the other spaces. A changed item keeps only fields that
 * were recomputed (the others would describe its old content) and is completed by a later run.
 *
 * <p>Failures are isolated per item: a bad file, a sidecar, a batch that fails in an encoder
 * (retried item by item) or an item the index rejects is one line in the error report, and the
 * job goes on. Only a failure of the index itself (I/O) stops the job, leaving the last commit.
 *
 * <p>The job is the index's single writer for its whole run; only its writer thread touches it.
 * This class is the pipeline (threads, queues, back-pressure, commits); the per-item rules live in
 * {@link ItemPolicy} and the batched encoding in {@link BatchEncoder}.
 */
public final class IndexJob {

  private static final System.Logger LOG = System.getLogger(IndexJob.class.getName());
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * Items listed ahead, whose index states are read in one request ({@link ItemReader#states}):
   * on a cluster one round trip per this many items instead of one per item.
   */
  static final int STATES_BATCH = 100;

  /** Longest the writer waits for a short batch to fill (see {@code Writer.fill}). */
  static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

  private final Spaces spaces;
  private final ItemIndex index;
  private final JobOptions options;
  private final StageClock clock = new StageClock();
  private final ItemPolicy policy;
  private final BatchEncoder encoder;
  private Map<String, String> commitData = Map.of();
  /** Where a whole job is (null for one partition of a bulk job), recorded with each of its commits. */
  private volatile Tally tally;
  /** The reader of text in pictures, as the index records it once a job has read every picture with it; null when none. */
  private final String readBy;

  /**
   * Commit-data key of the reader that read the index's pictures ({@code pp-ocrv3@…}), recorded by
   * a job's last commit: pictures indexed with another reader are read again.
   */
  public static final String READER_COMMIT_KEY = "mmsearch.ocr.reader";

  public IndexJob(Spaces spaces, ItemIndex index, JobOptions options) {
    this.spaces = spaces;
    this.index = index;
    this.options = options;
    List<Space> active = options.spaces().isEmpty() ? spaces.all() : options.spaces().stream().sorted().map(spaces::get).toList();
    Media media = Media.of(spaces, options.mediaLimits(), options.thumbnailSize());
    TextReader reader = spaces.readsPictures() ? spaces.textReader() : null;
    this.readBy = reader == null ? null : reader.identity().toString();
    String recorded = index.commitData().get(READER_COMMIT_KEY);
    this.policy = new ItemPolicy(active, index, media, options, clock, reader,
        readBy != null && recorded != null && !recorded.equals(readBy));
    this.encoder = new BatchEncoder(active);
  }

  /** Marks the end of the queue, and an item whose preparation failed (reported). */
  private static final PreparedItem END = new PreparedItem(null, null, null, Map.of(), null, DerivedMetadata.NONE, Map.of());

  public JobSummary run(List<Path> directories, List<Path> manifests, ErrorReport errors, Progress progress)
      throws InterruptedException {
    return run(Inputs.of(directories, manifests, errors), Inputs.count(directories, manifests), directories, manifests, errors,
        progress, true);
  }

  /**
   * Indexes some lines of {@code manifest} that were read elsewhere: one partition of a bulk job
   * ({@code dev.mmsearch.spark}). The same pipeline and guarantees as {@link #run}; relative file
   * paths resolve against the manifest's folder, which is recorded as a root. The index is not
   * calibrated: the caller does it once, when every partition is in ({@link Calibrator#commit}).
   */
  public JobSummary runLines(Path manifest, Iterator<ManifestLine> lines, ErrorReport errors, Progress progress)
      throws InterruptedException {
    return run(Inputs.ofLines(manifest, lines, errors), -1, List.of(), List.of(manifest), errors, progress, false);
  }

  /**
   * @param whole whether this is a whole job, not one partition of a bulk job: it then records its
   *     progress with each commit ({@link IndexingProgress}, from a first commit before any item, so
   *     a server started beside it says how far it got) and measures the index's score calibration
   *     at the end (when anything changed, or the index has none yet)
   */
  private JobSummary run(Inputs items, long expected, List<Path> directories, List<Path> manifests, ErrorReport errors,
      Progress job, boolean whole) throws InterruptedException {
    long start = System.nanoTime();
    commitData = commitData(directories, manifests);
    tally = whole ? new Tally(job, errors, expected, Instant.now()) : null;
    Progress progress = whole ? tally : job;
    if (whole) {
      clock.timed("commit", () -> index.commit(withProgress(commitData, true)));
    }
    progress.start(expected);

    AtomicInteger added = new AtomicInteger();
    AtomicInteger updated = new AtomicInteger();
    AtomicInteger unchanged = new AtomicInteger();
    // Enough in flight to keep the encoder fed while decoders work ahead; bounded so memory is flat.
    Semaphore inFlight = new Semaphore(options.batchSize() * 3);
    // A video in flight holds up to a hundred prepared frames and its sound (tens of MB): fewer of
    // them, so the pipeline's memory stays bounded whatever the folder holds.
    Semaphore videos = new Semaphore(options.decodeThreads() + 1);
    BlockingQueue<PreparedItem> ready = new LinkedBlockingQueue<>();
    ExecutorService decoders = Executors.newFixedThreadPool(options.decodeThreads(), r -> {
      Thread t = new Thread(r, "mmsearch-decode");
      t.setDaemon(true);
      return t;
    });
    Writer writer = new Writer(ready, inFlight, videos, errors, progress, added, updated);
    Thread writerThread = new Thread(writer, "mmsearch-encode-write");
    writerThread.start();
    try {
      List<SourceItem> chunk = new ArrayList<>(STATES_BATCH);
      while (writer.failure == null) {
        chunk.clear();
        long t0 = System.nanoTime();
        while (chunk.size() < STATES_BATCH && items.hasNext()) {
          chunk.add(items.next());
        }
        clock.since("list", t0);
        if (chunk.isEmpty()) {
          break;
        }
        // What the index holds for the whole chunk, in one read (a round trip on a cluster).
        long t1 = System.nanoTime();
        Map<String, ItemState> states = index.states(chunk.stream().map(SourceItem::id).toList());
        clock.since("read", t1);
        for (SourceItem item : chunk) {
          if (writer.failure != null) {
            break;
          }
          inFlight.acquire();
          boolean heavy = policy.timed(item);
          if (heavy) {
            videos.acquire();
          }
          ItemState existing = states.get(item.id());
          decoders.execute(() -> {
            boolean queued = false;
            try {
              PreparedItem p = policy.prepare(item, existing, errors, END);
              if (p == null) {
                unchanged.incrementAndGet();
              } else if (p != END) {
                ready.add(p);
                queued = true;
              }
            } catch (Throwable t) {
              // Nothing may escape a decode task: a lost permit or step would hang the job.
              errors.add(new IngestError(ItemPolicy.sourceOf(item), "decode", "INTERNAL", t.toString()));
              LOG.log(Level.ERROR, "unexpected failure on " + item.id(), t);
            } finally {
              if (!queued) {
                inFlight.release();
                if (heavy) {
                  videos.release();
                }
                progress.step(errors.count());
              }
            }
          });
        }
      }
      decoders.shutdown();
      decoders.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    } finally {
      decoders.shutdownNow();
      ready.add(END);
      writerThread.join();
    }
    if (writer.failure != null) {
      throw new IndexFailedException("index writer failed; the index keeps its last commit: " + writer.failure.getMessage(),
          writer.failure);
    }
    int deleted = deleteVanished(directories, items.seen());
    // Only the last commit names the reader: a job stopped half way leaves the old name, so the next
    // run reads again what this one did not reach.
    Map<String, String> last = new java.util.HashMap<>(withProgress(commitData, false));
    if (readBy != null) {
      last.put(READER_COMMIT_KEY, readBy);
    }
    clock.timed("commit", () -> index.commit(last));
    if (whole && (added.get() + updated.get() + deleted > 0 || !index.commitData().containsKey(Calibration.COMMIT_KEY))) {
      clock.timed("calibrate", () -> Calibrator.commit(spaces, index));
    }
    progress.close();
    return new JobSummary(items.listed(), added.get(), updated.get(), unchanged.get(), deleted, errors.count(), clock.durations(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** The index failed (I/O); work since the last commit is lost and redone by the next run. */
  public static final class IndexFailedException extends RuntimeException {
    IndexFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Encodes batches and writes them; the only thread that touches the index writer during the run. */
  private final class Writer implements Runnable {
    private final BlockingQueue<PreparedItem> ready;
    private final Semaphore inFlight;
    private final Semaphore videos;
    private final ErrorReport errors;
    private final Progress progress;
    private final AtomicInteger added;
    private final AtomicInteger updated;
    volatile Throwable failure;
    private int sinceCommit;
    private long lastCommit = System.nanoTime();

    Writer(BlockingQueue<PreparedItem> ready, Semaphore inFlight, Semaphore videos, ErrorReport errors, Progress progress,
        AtomicInteger added, AtomicInteger updated) {
      this.ready = ready;
      this.inFlight = inFlight;
      this.videos = videos;
      this.errors = errors;
      this.progress = progress;
      this.added = added;
      this.updated = updated;
    }

    @Override
    public void run() {
      List<PreparedItem> batch = new ArrayList<>();
      boolean done = false;
      while (!done) {
        try {
          batch.add(ready.take());
          ready.drainTo(batch, options.batchSize() - 1);
          fill(batch);
          if (batch.contains(END)) {
            batch.remove(END);
            done = true;
          }
          if (failure == null && !batch.isEmpty()) {
            write(batch);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failure = e;
          return;
        } catch (Throwable e) {
          // The index itself failed (I/O, a closed writer): stop writing, let the decoders drain.
          failure = e;
        } finally {
          inFlight.release(batch.size());
          videos.release((int) batch.stream().filter(p -> p != END && policy.timed(p.item())).count());
          for (int i = 0; i < batch.size(); i++) {
            progress.step(errors.count());
          }
          batch.clear();
        }
      }
    }

    /**
     * Waits up to {@link #LINGER_NANOS} for a short batch to fill. When decoding is slower than
     * encoding (sounds, whose preparation is most of the work), items arrive one by one and each
     * encoder call would carry its fixed cost for a single item; a brief wait makes full batches.
     */
    private void fill(List<PreparedItem> batch) throws InterruptedException {
      long end = System.nanoTime() + LINGER_NANOS;
      while (batch.size() < options.batchSize() && !batch.contains(END)) {
        long left = end - System.nanoTime();
        PreparedItem next = left > 0 ? ready.poll(left, TimeUnit.NANOSECONDS) : null;
        if (next == null) {
          return;
        }
        batch.add(next);
        ready.drainTo(batch, options.batchSize() - batch.size());
      }
    }

    private void write(List<PreparedItem> batch) {
      long t0 = System.nanoTime();
      BatchEncoder.Encoded encoded = encoder.encode(batch, errors);
      long t1 = System.nanoTime();
      clock.add("encode", t1 - t0);
      List<PreparedItem> written = new ArrayList<>();
      List<Item> items = new ArrayList<>();
      for (PreparedItem p : batch) {
        if (!encoded.failed().contains(p)) {
          try {
            items.add(policy.merge(p, encoded.vectors().get(p), encoded.moments().getOrDefault(p, List.of())));
            written.add(p);
          } catch (IllegalArgumentException e) {
            rejected(p, e);
          }
        }
      }
      upsertAll(written, items);
      sinceCommit += batch.size();
      clock.since("write", t1);
      if (sinceCommit >= options.commitEvery() || System.nanoTime() - lastCommit >= options.commitInterval().toNanos()) {
        clock.timed("commit", () -> index.commit(withProgress(commitData, true)));
        sinceCommit = 0;
        lastCommit = System.nanoTime();
      }
    }

    /**
     * Writes a batch's items in one call (one bulk request to a cluster); when the index refuses
     * one, writes them one by one, so only the refused ones are lost, each reported.
     */
    private void upsertAll(List<PreparedItem> prepared, List<Item> items) {
      try {
        index.upsertAll(items);
        prepared.forEach(this::written);
        return;
      } catch (IllegalArgumentException e) {
        // Upserts are by id: writing again the items before the refused one changes nothing.
      }
      for (int i = 0; i < items.size(); i++) {
        try {
          index.upsert(items.get(i));
          written(prepared.get(i));
        } catch (IllegalArgumentException e) {
          rejected(prepared.get(i), e);
        }
      }
    }

    private void written(PreparedItem p) {
      (p.existing() != null ? updated : added).incrementAndGet();
    }

    /** The index refused this item's data (a non-unit vector from a broken model, an id too long). */
    private void rejected(PreparedItem p, IllegalArgumentException e) {
      errors.add(new IngestError(ItemPolicy.sourceOf(p.item()), "write", "REJECTED", e.getMessage()));
    }
  }

  /** {@code data} with the job's progress as of now, for a whole job; {@code data} itself otherwise. */
  private Map<String, String> withProgress(Map<String, String> data, boolean running) {
    Tally t = tally;
    if (t == null) {
      return data;
    }
    Map<String, String> with = new java.util.HashMap<>(data);
    with.put(IndexingProgress.COMMIT_KEY, t.now(running).toJson());
    return with;
  }

  /** Counts the items a whole job finished with, for its progress, and passes each step on. */
  private static final class Tally implements Progress {
    private final Progress next;
    private final ErrorReport errors;
    private final long listed;
    private final Instant started;
    private final java.util.concurrent.atomic.AtomicLong finished = new java.util.concurrent.atomic.AtomicLong();

    Tally(Progress next, ErrorReport errors, long listed, Instant started) {
      this.next = next;
      this.errors = errors;
      this.listed = listed;
      this.started = started;
    }

    @Override
    public void start(long total) {
      next.start(total);
    }

    @Override
    public void step(int failed) {
      finished.incrementAndGet();
      next.step(failed);
    }

    @Override
    public void close() {
      next.close();
    }

    /**
     * The progress now. Failures are counted as the error report holds them, which may be ahead of
     * the finished count by the items whose step is still to come: bounded by it.
     */
    IndexingProgress now(boolean running) {
      long done = finished.get();
      return new IndexingProgress(running, listed, done, Math.min(done, errors.count()), started, Instant.now());
    }
  }

  /**
   * What each commit records besides the schema: when the job ran, and every folder ever indexed
   * (directory roots, manifest folders), which the API serves originals from.
   */
  private Map<String, String> commitData(List<Path> directories, List<Path> manifests) {
    Set<String> roots = new java.util.TreeSet<>();
    String previous = index.commitData().get(ItemIndex.ROOTS_COMMIT_KEY);
    try {
      if (previous != null) {
        roots.addAll(JSON.readValue(previous, new com.fasterxml.jackson.core.type.TypeReference<List<String>>() {}));
      }
      directories.forEach(d -> roots.add(d.toAbsolutePath().normalize().toString()));
      manifests.forEach(m -> roots.add(m.toAbsolutePath().normalize().getParent().toString()));
      return Map.of("mmsearch.lastJob", Instant.now().toString(), ItemIndex.ROOTS_COMMIT_KEY, JSON.writeValueAsString(roots));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("index commit data has unreadable " + ItemIndex.ROOTS_COMMIT_KEY, e);
    }
  }

  /** Deletes items listed under a directory root before but whose file is gone now. */
  private int deleteVanished(List<Path> directories, Inputs.SeenIds seen) {
    List<Path> roots = directories.stream().map(d -> d.toAbsolutePath().normalize()).toList();
    if (roots.isEmpty()) {
      return 0;
    }
    List<String> gone = new ArrayList<>();
    index.forEachItem((id, source) -> {
      if (source.isEmpty() || seen.contains(id)) {
        return;
      }
      Path file = Path.of(source);
      for (Path root : roots) {
        if (file.startsWith(root) && root.relativize(file).toString().replace('\\', '/').equals(id)) {
          gone.add(id);
          return;
        }
      }
    });
    clock.timed("write", () -> gone.forEach(index::delete));
    return gone.size();
  }
}

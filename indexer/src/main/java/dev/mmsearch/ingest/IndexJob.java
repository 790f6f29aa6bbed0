package dev.mmsearch.ingest;

import dev.mmsearch.calibrate.Calibration;
import dev.mmsearch.calibrate.Calibrator;
import dev.mmsearch.catalog.Space;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.derive.DerivedMetadata;
import dev.mmsearch.derive.Palette;
import dev.mmsearch.derive.PaletteEncoder;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.Role;
import dev.mmsearch.encode.SharedEncoding;
import dev.mmsearch.extract.DecodeException;
import dev.mmsearch.index.Hit;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.ItemState;
import dev.mmsearch.index.VectorFieldSpec;
import dev.mmsearch.media.Media;
import dev.mmsearch.media.Medium;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

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
 */
public final class IndexJob {

  private static final System.Logger LOG = System.getLogger(IndexJob.class.getName());
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  /** Longest the writer waits for a short batch to fill (see {@code Writer.fill}). */
  static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

  private final Spaces spaces;
  private final ItemIndex index;
  private final JobOptions options;
  private final Media media;
  private final List<Space> active;
  private final Map<String, LongAdder> stageNanos = new LinkedHashMap<>();
  private Map<String, String> commitData = Map.of();

  public IndexJob(Spaces spaces, ItemIndex index, JobOptions options) {
    this.spaces = spaces;
    this.index = index;
    this.options = options;
    this.media = Media.of(spaces, options.limits(), options.audioLimits(), options.thumbnailSize());
    this.active = options.spaces().isEmpty() ? spaces.all() : options.spaces().stream().sorted().map(spaces::get).toList();
    for (String stage : List.of("list", "read", "decode", "encode", "write", "commit", "calibrate")) {
      stageNanos.put(stage, new LongAdder());
    }
  }

  /**
   * An item read, hashed, decoded and prepared for each encoder (on a decode thread, so the encoder
   * thread only runs inference), waiting for the encoder.
   *
   * @param inputs per modality the item has, its prepared input per encoder of that modality
   * @param existing what the index held for the id, or null
   * @param thumbnail the preview JPEG, or null
   * @param derived metadata derived from the media decoded this time ({@link DerivedMetadata}; none when nothing was)
   */
  private record Prepared(SourceItem item, String hash, ItemState existing, Map<Modality, Map<Encoder, EncoderInput>> inputs,
      byte[] thumbnail, DerivedMetadata derived, Map<String, String> fileKeys) {

    boolean sameContent() {
      return existing != null && contentPart(existing.contentHash()).equals(contentPart(hash));
    }
  }

  private static final Prepared END = new Prepared(null, null, null, Map.of(), null, DerivedMetadata.NONE, Map.of());

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
   * @param calibrate whether to measure the index's score calibration at the end (when anything
   *     changed, or the index has none yet)
   */
  private JobSummary run(Inputs items, long expected, List<Path> directories, List<Path> manifests, ErrorReport errors,
      Progress progress, boolean calibrate) throws InterruptedException {
    long start = System.nanoTime();
    commitData = commitData(directories, manifests);
    progress.start(expected);

    AtomicInteger added = new AtomicInteger();
    AtomicInteger updated = new AtomicInteger();
    AtomicInteger unchanged = new AtomicInteger();
    // Enough in flight to keep the encoder fed while decoders work ahead; bounded so memory is flat.
    Semaphore inFlight = new Semaphore(options.batchSize() * 3);
    BlockingQueue<Prepared> ready = new LinkedBlockingQueue<>();
    ExecutorService decoders = Executors.newFixedThreadPool(options.decodeThreads(), r -> {
      Thread t = new Thread(r, "mmsearch-decode");
      t.setDaemon(true);
      return t;
    });
    Writer writer = new Writer(ready, inFlight, errors, progress, added, updated);
    Thread writerThread = new Thread(writer, "mmsearch-encode-write");
    writerThread.start();
    try {
      while (writer.failure == null) {
        long t0 = System.nanoTime();
        boolean more = items.hasNext();
        SourceItem item = more ? items.next() : null;
        stageNanos.get("list").add(System.nanoTime() - t0);
        if (!more) {
          break;
        }
        inFlight.acquire();
        decoders.execute(() -> {
          boolean queued = false;
          try {
            Prepared p = prepare(item, errors);
            if (p == null) {
              unchanged.incrementAndGet();
            } else if (p != END) {
              ready.add(p);
              queued = true;
            }
          } catch (Throwable t) {
            // Nothing may escape a decode task: a lost permit or step would hang the job.
            errors.add(new IngestError(sourceOf(item), "decode", "INTERNAL", t.toString()));
            LOG.log(Level.ERROR, "unexpected failure on " + item.id(), t);
          } finally {
            if (!queued) {
              inFlight.release();
              progress.step(errors.count());
            }
          }
        });
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
    timed("commit", () -> index.commit(commitData));
    if (calibrate && (added.get() + updated.get() + deleted > 0 || !index.commitData().containsKey(Calibration.COMMIT_KEY))) {
      timed("calibrate", () -> Calibrator.commit(spaces, index));
    }
    progress.close();
    Map<String, Duration> stages = new LinkedHashMap<>();
    stageNanos.forEach((k, v) -> stages.put(k, Duration.ofNanos(v.sum())));
    return new JobSummary(items.listed(), added.get(), updated.get(), unchanged.get(), deleted, errors.count(), stages,
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** The index failed (I/O); work since the last commit is lost and redone by the next run. */
  public static final class IndexFailedException extends RuntimeException {
    IndexFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Fields the active spaces give an item with these inputs. */
  private Set<String> expectedFields(SourceItem item) {
    Set<String> fields = new HashSet<>();
    for (Space space : active) {
      for (VectorFieldSpec f : space.fields()) {
        if (item.has(f.modality())) {
          fields.add(f.name());
        }
      }
    }
    return fields;
  }

  /** Whether the item gets a stored preview: thumbnails are on and one of its files makes previews. */
  private boolean wantsThumbnail(SourceItem item) {
    return options.thumbnailSize() > 0
        && item.files().keySet().stream().anyMatch(m -> media.of(m).map(Medium::previews).orElse(false));
  }

  /**
   * Reads and hashes an item, and decodes its files unless the index already has it done. Returns
   * null for an item already done, {@link #END} for a failure (reported), else the prepared item.
   */
  private Prepared prepare(SourceItem given, ErrorReport errors) {
    SourceItem item = options.names() ? given : given.withoutName();
    String stage = "read";
    try {
      long t0 = System.nanoTime();
      Map<Medium, byte[]> files = new LinkedHashMap<>();
      Map<String, String> fileKeys = new TreeMap<>();
      for (Medium medium : media.all()) {
        Path file = item.file(medium.modality());
        if (file != null) {
          // The identity first: what the API later serves must be this file, whatever the path points to by then.
          Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
          if (key != null) {
            fileKeys.put(medium.modality().id(), key.toString());
          }
          files.put(medium, medium.read(file));
        }
      }
      String hash = storedHash(contentHash(item, media.all().stream().map(files::get).toList()), fileKeys);
      ItemState existing = index.state(item.id()).orElse(null);
      stageNanos.get("read").add(System.nanoTime() - t0);
      boolean thumbnails = wantsThumbnail(item);
      if (existing != null && contentPart(existing.contentHash()).equals(contentPart(hash))
          && existing.fields().containsAll(expectedFields(item)) && (!thumbnails || existing.thumbnail())) {
        // Done, unless the same bytes are now another file (copied back, restored from a backup, or
        // indexed before identities were kept): then only the stored identity is renewed, nothing decoded.
        return existing.contentHash().equals(hash) ? null
            : new Prepared(item, hash, existing, Map.of(), null, DerivedMetadata.NONE, fileKeys);
      }
      stage = "decode";
      long t1 = System.nanoTime();
      // Same content with fields missing (a space or a field new to the index): only the missing
      // fields are encoded; the others keep their vectors, and a picture is decoded only when one
      // of its fields is missing or its preview is.
      boolean same = existing != null && contentPart(existing.contentHash()).equals(contentPart(hash));
      Set<String> stored = same ? existing.fields() : Set.of();
      Map<Modality, Map<Encoder, EncoderInput>> inputs = new EnumMap<>(Modality.class);
      byte[] thumbnail = null;
      DerivedMetadata derived = DerivedMetadata.NONE;
      for (Map.Entry<Medium, byte[]> file : files.entrySet()) {
        Medium medium = file.getKey();
        List<Encoder> encoders = encoders(medium.modality(), stored);
        boolean preview = thumbnails && thumbnail == null && medium.previews() && !(same && existing.thumbnail());
        if (encoders.isEmpty() && !preview) {
          continue; // no active space reads it: stored and served, not decoded
        }
        EncoderInput decoded = medium.decode(file.getValue());
        // Derived here, on a decode thread, not the encoder's.
        DerivedMetadata found = switch (decoded) {
          case EncoderInput.Image picture -> DerivedMetadata.ofPicture(file.getValue(), picture.image());
          case EncoderInput.Audio sound -> DerivedMetadata.ofSound(item.file(medium.modality()).getFileName().toString(),
              file.getValue(), sound.audio());
          default -> DerivedMetadata.NONE;
        };
        derived = derived.with(found);
        if (preview) {
          thumbnail = medium.preview(decoded, options.thumbnailSize());
        }
        if (!encoders.isEmpty()) {
          Map<Encoder, EncoderInput> prepared = prepared(encoders, decoded);
          inputs.put(medium.modality(), prepared);
          for (EncoderInput in : prepared.values()) {
            Palette palette = PaletteEncoder.paletteOf(in); // extracted by prepare(), just now
            if (palette != null) {
              derived = derived.with(DerivedMetadata.ofPalette(palette));
            }
          }
        }
      }
      if (item.has(Modality.TEXT)) {
        List<Encoder> encoders = encoders(Modality.TEXT, stored);
        if (!encoders.isEmpty()) {
          inputs.put(Modality.TEXT, prepared(encoders, new EncoderInput.Text(item.text())));
        }
      }
      if (item.has(Modality.NAME)) {
        List<Encoder> encoders = encoders(Modality.NAME, stored);
        if (!encoders.isEmpty()) {
          inputs.put(Modality.NAME, prepared(encoders, new EncoderInput.Text(item.name())));
        }
      }
      stageNanos.get("decode").add(System.nanoTime() - t1);
      return new Prepared(item, hash, existing, inputs, thumbnail, derived, fileKeys);
    } catch (DecodeException e) {
      errors.add(new IngestError(item.source(), stage, e.reason().name(), e.getMessage()));
    } catch (NoSuchFileException e) {
      errors.add(new IngestError(sourceOf(item), stage, "NOT_FOUND", "file not found: " + e.getFile()));
    } catch (IOException e) {
      errors.add(new IngestError(sourceOf(item), stage, "UNREADABLE", e.toString()));
    } catch (RuntimeException e) {
      errors.add(new IngestError(sourceOf(item), stage, "INTERNAL", e.toString()));
      LOG.log(Level.ERROR, "unexpected failure on " + item.id(), e);
    }
    return END;
  }

  /** What an item holds, as the {@link DerivedMetadata#MODALITY} keyword: its media files' modalities, and text. */
  private static List<String> modalitiesOf(SourceItem s) {
    List<String> out = new ArrayList<>(new TreeMap<>(s.fileNames()).keySet());
    if (s.has(Modality.TEXT)) {
      out.add(Modality.TEXT.id());
    }
    return out;
  }

  /** The derived part of an indexed item's metadata (all its numbers are derived). */
  private static DerivedMetadata derivedOf(Item item) {
    Map<String, List<String>> keywords = new TreeMap<>(item.metadata());
    keywords.keySet().retainAll(DerivedMetadata.KEYWORD_KEYS);
    return new DerivedMetadata(item.numbers(), keywords);
  }

  /** The active spaces' encoders of a modality whose field is not among {@code stored}, in space order. */
  private List<Encoder> encoders(Modality modality, Set<String> stored) {
    List<Encoder> out = new ArrayList<>();
    for (Space space : active) {
      Encoder e = space.encoder(modality);
      if (e != null && !stored.contains(VectorFieldSpec.fieldName(space.name(), modality))) {
        out.add(e);
      }
    }
    return out;
  }

  /** The active spaces' encoders of a modality, in space order. */
  private List<Encoder> encoders(Modality modality) {
    List<Encoder> out = new ArrayList<>();
    for (Space space : active) {
      Encoder e = space.encoder(modality);
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * One decoded input prepared for each encoder; encoders that preprocess alike (one backbone in
   * two spaces) share one prepared input.
   */
  private static Map<Encoder, EncoderInput> prepared(List<Encoder> encoders, EncoderInput decoded) {
    Map<Encoder, EncoderInput> out = new IdentityHashMap<>();
    List<EncoderInput> preparedSoFar = new ArrayList<>();
    for (Encoder encoder : encoders) {
      EncoderInput prepared = preparedSoFar.stream().filter(encoder::accepts).findFirst().orElse(null);
      if (prepared == null) {
        prepared = encoder.prepare(decoded);
        preparedSoFar.add(prepared);
      }
      out.put(encoder, prepared);
    }
    return out;
  }

  private static String sourceOf(SourceItem item) {
    return item.source().isEmpty() ? item.origin() : item.source();
  }

  /**
   * The hash stored for an item: its content's, then, after a space, a digest of its files'
   * identities ({@link Item#fileKeys}), so a re-run notices a file replaced by another holding the
   * same bytes and renews the identity without re-embedding.
   */
  static String storedHash(String content, Map<String, String> fileKeys) {
    if (fileKeys.isEmpty()) {
      return content;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(new TreeMap<>(fileKeys).toString().getBytes(StandardCharsets.UTF_8));
      return content + " " + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The content part of a stored hash ({@link #storedHash}). */
  static String contentPart(String stored) {
    int space = stored.indexOf(' ');
    return space < 0 ? stored : stored.substring(0, space);
  }

  /** The item's content: files, text, metadata. Not the models: the index schema pins those per field. */
  private static String contentHash(SourceItem item, List<byte[]> files) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      List<String> parts = new ArrayList<>(List.of(item.id(), item.source(), item.text(), new TreeMap<>(item.fields()).toString(),
          new TreeMap<>(item.metadata()).toString()));
      if (!item.name().isEmpty() && !item.name().equals(SourceItem.nameOf(item.id()))) {
        parts.add(item.name()); // a manifest's own name; a folder item's follows from its id, hashed above
      }
      for (String s : parts) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      for (byte[] b : files) {
        md.update(b == null ? new byte[] {0} : b);
        md.update((byte) 0);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Encodes batches and writes them; the only thread that touches the index writer during the run. */
  private final class Writer implements Runnable {
    private final BlockingQueue<Prepared> ready;
    private final Semaphore inFlight;
    private final ErrorReport errors;
    private final Progress progress;
    private final AtomicInteger added;
    private final AtomicInteger updated;
    volatile Throwable failure;
    private int sinceCommit;
    private long lastCommit = System.nanoTime();

    Writer(BlockingQueue<Prepared> ready, Semaphore inFlight, ErrorReport errors, Progress progress,
        AtomicInteger added, AtomicInteger updated) {
      this.ready = ready;
      this.inFlight = inFlight;
      this.errors = errors;
      this.progress = progress;
      this.added = added;
      this.updated = updated;
    }

    @Override
    public void run() {
      List<Prepared> batch = new ArrayList<>();
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
    private void fill(List<Prepared> batch) throws InterruptedException {
      long end = System.nanoTime() + LINGER_NANOS;
      while (batch.size() < options.batchSize() && !batch.contains(END)) {
        long left = end - System.nanoTime();
        Prepared next = left > 0 ? ready.poll(left, TimeUnit.NANOSECONDS) : null;
        if (next == null) {
          return;
        }
        batch.add(next);
        ready.drainTo(batch, options.batchSize() - batch.size());
      }
    }

    private void write(List<Prepared> batch) {
      Map<Prepared, Map<String, float[]>> vectors = new IdentityHashMap<>();
      batch.forEach(p -> vectors.put(p, new HashMap<>()));
      long t0 = System.nanoTime();
      Set<Prepared> failed = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      for (Modality modality : Modality.values()) {
        encode(modality, batch, vectors, failed);
      }
      long t1 = System.nanoTime();
      stageNanos.get("encode").add(t1 - t0);
      List<Prepared> written = new ArrayList<>();
      List<Item> items = new ArrayList<>();
      for (Prepared p : batch) {
        if (!failed.contains(p)) {
          try {
            items.add(item(p, vectors.get(p)));
            written.add(p);
          } catch (IllegalArgumentException e) {
            rejected(p, e);
          }
        }
      }
      upsertAll(written, items);
      sinceCommit += batch.size();
      stageNanos.get("write").add(System.nanoTime() - t1);
      if (sinceCommit >= options.commitEvery() || System.nanoTime() - lastCommit >= options.commitInterval().toNanos()) {
        timed("commit", () -> index.commit(commitData));
        sinceCommit = 0;
        lastCommit = System.nanoTime();
      }
    }

    /**
     * Writes a batch's items in one call (one bulk request to a cluster); when the index refuses
     * one, writes them one by one, so only the refused ones are lost, each reported.
     */
    private void upsertAll(List<Prepared> prepared, List<Item> items) {
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

    private void written(Prepared p) {
      (p.existing() != null ? updated : added).incrementAndGet();
    }

    /** The index refused this item's data (a non-unit vector from a broken model, an id too long). */
    private void rejected(Prepared p, IllegalArgumentException e) {
      errors.add(new IngestError(sourceOf(p.item()), "write", "REJECTED", e.getMessage()));
    }

    /** The item to write; keeps other spaces' vectors when its content is unchanged. */
    private Item item(Prepared p, Map<String, float[]> computed) {
      SourceItem s = p.item();
      Map<String, float[]> all = new HashMap<>();
      byte[] thumbnail = p.thumbnail();
      if (p.sameContent()) {
        for (String field : p.existing().fields()) {
          if (!field.equals(Hit.TEXT) && !computed.containsKey(field) && index.schema().fields().containsKey(field)
              && (options.names() || index.schema().fields().get(field).modality() != Modality.NAME)) {
            index.vector(s.id(), field).ifPresent(v -> all.put(field, v));
          }
        }
        if (thumbnail == null && p.existing().thumbnail()) {
          thumbnail = index.thumbnail(s.id()).orElse(null);
        }
      }
      all.putAll(computed);
      // Media not decoded this time (no active space needed them) keep what the index derived before.
      DerivedMetadata derived = p.sameContent()
          ? index.get(s.id()).map(IndexJob::derivedOf).orElse(DerivedMetadata.NONE).with(p.derived()) : p.derived();
      Map<String, List<String>> metadata = new TreeMap<>(derived.keywords());
      metadata.put(DerivedMetadata.MODALITY, modalitiesOf(s));
      metadata.putAll(s.metadata()); // the source's own metadata wins over derived keys of the same name
      return new Item(s.id(), s.source(), p.hash(), s.text(), s.fields(), metadata, all, thumbnail,
          s.fileNames(), derived.numbers(), p.fileKeys());
    }

    /**
     * Encodes one modality of a batch for every active space (one forward pass per backbone). A
     * batch that fails is retried item by item, so one bad input costs only itself.
     *
     * @param inputs per item: null when the item lacks the modality, else its input per encoder
     */
    private void encode(Modality modality, List<Prepared> batch, Map<Prepared, Map<String, float[]>> vectors,
        Set<Prepared> failed) {
      Function<Prepared, Map<Encoder, EncoderInput>> inputs = p -> p.inputs().get(modality);
      Map<Encoder, String> encoders = new LinkedHashMap<>();
      for (Space space : active) {
        Encoder e = space.encoder(modality);
        if (e != null) {
          encoders.put(e, VectorFieldSpec.fieldName(space.name(), modality));
        }
      }
      // Items needing the same encoders run together: usually all of them; an item that only
      // lacks a new field needs just that field's encoder.
      Map<Set<Encoder>, List<Prepared>> byEncoders = new LinkedHashMap<>();
      for (Prepared p : batch) {
        if (!failed.contains(p) && inputs.apply(p) != null && !inputs.apply(p).isEmpty()) {
          byEncoders.computeIfAbsent(Set.copyOf(inputs.apply(p).keySet()), k -> new ArrayList<>()).add(p);
        }
      }
      for (Map.Entry<Set<Encoder>, List<Prepared>> group : byEncoders.entrySet()) {
        Map<Encoder, String> wanted = new LinkedHashMap<>(encoders);
        wanted.keySet().retainAll(group.getKey());
        List<Prepared> members = group.getValue();
        if (wanted.isEmpty()) {
          continue;
        }
        try {
          store(wanted, members, inputs, vectors);
        } catch (RuntimeException batchFailure) {
          for (Prepared p : members) {
            try {
              store(wanted, List.of(p), inputs, vectors);
            } catch (RuntimeException e) {
              failed.add(p);
              errors.add(new IngestError(sourceOf(p.item()), "encode", "ENCODER_FAILED", modality.id() + ": " + e.getMessage()));
            }
          }
        }
      }
    }

    private void store(Map<Encoder, String> encoders, List<Prepared> members,
        Function<Prepared, Map<Encoder, EncoderInput>> inputs, Map<Prepared, Map<String, float[]>> vectors) {
      Map<Encoder, List<EncoderInput>> work = new LinkedHashMap<>();
      for (Encoder e : encoders.keySet()) {
        List<EncoderInput> in = new ArrayList<>(members.size());
        for (Prepared p : members) {
          in.add(inputs.apply(p).get(e));
        }
        work.put(e, in);
      }
      Map<Encoder, List<float[]>> out = SharedEncoding.encode(work, Role.DOCUMENT);
      for (Map.Entry<Encoder, String> e : encoders.entrySet()) {
        List<float[]> v = out.get(e.getKey());
        for (int i = 0; i < members.size(); i++) {
          vectors.get(members.get(i)).put(e.getValue(), v.get(i));
        }
      }
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
    timed("write", () -> gone.forEach(index::delete));
    return gone.size();
  }

  private void timed(String stage, Runnable r) {
    long t0 = System.nanoTime();
    try {
      r.run();
    } finally {
      stageNanos.get(stage).add(System.nanoTime() - t0);
    }
  }
}

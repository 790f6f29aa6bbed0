package dev.mmsearch.ingest;

import dev.mmsearch.catalog.Space;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.Role;
import dev.mmsearch.extract.ImageDecodeException;
import dev.mmsearch.extract.ImageDecoder;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.VectorFieldSpec;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

/**
 * A bulk indexing job: lists the inputs, then streams items through read → hash → decode (N
 * threads) → batched encoding per space → index writer (one thread), with a bounded number of
 * items in flight so memory stays flat whatever the collection size.
 *
 * <p>Incremental and crash-safe: each item's content hash covers its files, text, metadata and the
 * models of the index, so a re-run skips unchanged items and re-embeds changed ones; items whose
 * file vanished from a directory input are deleted. Work becomes durable at each commit; after a
 * crash (even {@code kill -9}) a re-run redoes only what the last commit lacks, and
 * {@code updateDocument} by id means nothing is ever duplicated.
 *
 * <p>The job is the index's single writer for its whole run.
 */
public final class IndexJob {

  private static final System.Logger LOG = System.getLogger(IndexJob.class.getName());
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private final ItemIndex index;
  private final JobOptions options;
  private final ImageDecoder decoder;
  private final List<Space> active;
  private final String fingerprint;
  private final Map<String, LongAdder> stageNanos = new LinkedHashMap<>();
  private Map<String, String> commitData = Map.of();

  public IndexJob(Spaces spaces, ItemIndex index, JobOptions options) {
    this.index = index;
    this.options = options;
    this.decoder = new ImageDecoder(options.limits());
    this.active = options.spaces().isEmpty() ? spaces.all() : options.spaces().stream().sorted().map(spaces::get).toList();
    this.fingerprint = fingerprint(active);
    for (String stage : List.of("list", "read", "decode", "encode", "write", "commit")) {
      stageNanos.put(stage, new LongAdder());
    }
  }

  /** The models whose vectors an item gets; part of every content hash, so a model change re-embeds. */
  private static String fingerprint(List<Space> spaces) {
    StringBuilder sb = new StringBuilder();
    for (Space s : spaces) {
      for (VectorFieldSpec f : s.fields()) {
        sb.append(f.name()).append('=').append(f.model().sha256()).append(';');
      }
    }
    return sb.toString();
  }

  /**
   * An item read, hashed, decoded and resized for each space's image encoder (on a decode thread,
   * so the encoder thread only runs inference), waiting for the encoder.
   *
   * @param images prepared image input per space name; empty for items without an image
   */
  private record Prepared(SourceItem item, String hash, Map<String, EncoderInput> images, boolean existed) {}

  private static final Prepared END = new Prepared(null, null, Map.of(), false);
  private static final Prepared UNCHANGED = new Prepared(null, null, Map.of(), true);

  public JobSummary run(List<Path> directories, List<Path> manifests, ErrorReport errors, Progress progress)
      throws InterruptedException {
    long start = System.nanoTime();
    long listStart = System.nanoTime();
    Inputs.Listed listed = Inputs.list(directories, manifests, errors);
    stageNanos.get("list").add(System.nanoTime() - listStart);
    List<SourceItem> items = listed.items();
    List<Listing> listings = listed.listings();
    Set<String> seen = new HashSet<>();
    items.forEach(i -> seen.add(i.id()));
    commitData = commitData(directories, manifests);
    progress.start(items.size());

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
      for (SourceItem item : items) {
        inFlight.acquire();
        decoders.execute(() -> {
          Prepared p = prepare(item, errors);
          if (p == null) {
            inFlight.release();
            progress.step(errors.count());
          } else if (p == UNCHANGED) {
            unchanged.incrementAndGet();
            inFlight.release();
            progress.step(errors.count());
          } else {
            ready.add(p);
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
      throw new IllegalStateException("index writer failed: " + writer.failure.getMessage(), writer.failure);
    }
    int deleted = deleteVanished(listings, seen);
    timed("commit", () -> index.commit(commitData));
    progress.close();
    Map<String, Duration> stages = new LinkedHashMap<>();
    stageNanos.forEach((k, v) -> stages.put(k, Duration.ofNanos(v.sum())));
    return new JobSummary(items.size(), added.get(), updated.get(), unchanged.get(), deleted, errors.count(), stages,
        Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Reads and hashes an item, and decodes its image unless the index already has this content.
   * Returns null on failure (reported), a hash-less marker for unchanged items.
   */
  private Prepared prepare(SourceItem item, ErrorReport errors) {
    String stage = "read";
    try {
      long t0 = System.nanoTime();
      byte[] image = item.image() == null ? null : readLimited(item.image());
      byte[] audio = item.audio() == null ? null : Files.readAllBytes(item.audio());
      String hash = contentHash(item, image, audio);
      Optional<String> existing = index.contentHash(item.id());
      stageNanos.get("read").add(System.nanoTime() - t0);
      if (existing.isPresent() && existing.get().equals(hash)) {
        return UNCHANGED;
      }
      stage = "decode";
      long t1 = System.nanoTime();
      Map<String, EncoderInput> images = new HashMap<>();
      if (image != null) {
        EncoderInput.Image decoded = new EncoderInput.Image(decoder.decode(image));
        List<EncoderInput> preparedSoFar = new ArrayList<>();
        for (Space space : active) {
          Encoder encoder = space.encoder(Modality.IMAGE);
          if (encoder != null) {
            // Spaces whose models preprocess alike (one backbone in two spaces) share the resize.
            EncoderInput prepared = preparedSoFar.stream().filter(encoder::accepts).findFirst().orElse(null);
            if (prepared == null) {
              prepared = encoder.prepare(decoded);
              preparedSoFar.add(prepared);
            }
            images.put(space.name(), prepared);
          }
        }
      }
      stageNanos.get("decode").add(System.nanoTime() - t1);
      return new Prepared(item, hash, images, existing.isPresent());
    } catch (ImageDecodeException e) {
      errors.add(new IngestError(item.source(), stage, e.reason().name(), e.getMessage()));
    } catch (NoSuchFileException e) {
      errors.add(new IngestError(sourceOf(item), stage, "NOT_FOUND", "file not found: " + e.getFile()));
    } catch (IOException e) {
      errors.add(new IngestError(sourceOf(item), stage, "UNREADABLE", e.toString()));
    } catch (ImageTooLargeException e) {
      errors.add(new IngestError(item.source(), stage, ImageDecodeException.Reason.TOO_MANY_BYTES.name(), e.getMessage()));
    } catch (RuntimeException e) {
      errors.add(new IngestError(sourceOf(item), stage, "INTERNAL", e.toString()));
      LOG.log(Level.ERROR, "unexpected failure on " + item.id(), e);
    }
    return null;
  }

  private static String sourceOf(SourceItem item) {
    return item.source().isEmpty() ? item.origin() : item.source();
  }

  /** Refuses oversized files before reading them into memory. */
  private byte[] readLimited(Path file) throws IOException {
    long size = Files.size(file);
    if (size > options.limits().maxBytes()) {
      throw new ImageTooLargeException("image is " + size + " bytes, more than the limit of " + options.limits().maxBytes() + " bytes");
    }
    return Files.readAllBytes(file);
  }

  private static final class ImageTooLargeException extends RuntimeException {
    ImageTooLargeException(String message) {
      super(message);
    }
  }

  private String contentHash(SourceItem item, byte[] image, byte[] audio) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String s : List.of(fingerprint, item.id(), item.source(), item.text(), new TreeMap<>(item.fields()).toString(),
          new TreeMap<>(item.metadata()).toString())) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      for (byte[] b : new byte[][] {image, audio}) {
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
          if (batch.getLast() == END || batch.contains(END)) {
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
        } catch (RuntimeException e) {
          failure = e;
        } finally {
          inFlight.release(batch.size());
          batch.clear();
        }
      }
    }

    private void write(List<Prepared> batch) {
      Map<Prepared, Map<String, float[]>> vectors = new HashMap<>();
      batch.forEach(p -> vectors.put(p, new HashMap<>()));
      long t0 = System.nanoTime();
      Set<Prepared> failed = new HashSet<>();
      for (Space space : active) {
        encode(space, Modality.IMAGE, batch, p -> p.images().get(space.name()), vectors, failed);
        encode(space, Modality.TEXT, batch, p -> p.item().text().isEmpty() ? null : new EncoderInput.Text(p.item().text()), vectors, failed);
      }
      long t1 = System.nanoTime();
      stageNanos.get("encode").add(t1 - t0);
      for (Prepared p : batch) {
        if (!failed.contains(p)) {
          SourceItem s = p.item();
          index.upsert(new Item(s.id(), s.source(), p.hash(), s.text(), s.fields(), s.metadata(), vectors.get(p)));
          (p.existed() ? updated : added).incrementAndGet();
        }
        progress.step(errors.count());
      }
      sinceCommit += batch.size();
      stageNanos.get("write").add(System.nanoTime() - t1);
      if (sinceCommit >= options.commitEvery() || System.nanoTime() - lastCommit >= options.commitInterval().toNanos()) {
        timed("commit", () -> index.commit(commitData));
        sinceCommit = 0;
        lastCommit = System.nanoTime();
      }
    }

    private void encode(Space space, Modality modality, List<Prepared> batch,
        java.util.function.Function<Prepared, EncoderInput> input, Map<Prepared, Map<String, float[]>> vectors, Set<Prepared> failed) {
      Encoder encoder = space.encoder(modality);
      if (encoder == null) {
        return;
      }
      List<Prepared> members = new ArrayList<>();
      List<EncoderInput> inputs = new ArrayList<>();
      for (Prepared p : batch) {
        EncoderInput in = input.apply(p);
        if (in != null && !failed.contains(p)) {
          members.add(p);
          inputs.add(in);
        }
      }
      if (inputs.isEmpty()) {
        return;
      }
      String field = VectorFieldSpec.fieldName(space.name(), modality);
      try {
        List<float[]> out = encoder.encode(inputs, Role.DOCUMENT);
        for (int i = 0; i < members.size(); i++) {
          vectors.get(members.get(i)).put(field, out.get(i));
        }
      } catch (RuntimeException e) {
        for (Prepared p : members) {
          failed.add(p);
          errors.add(new IngestError(sourceOf(p.item()), "encode", "ENCODER_FAILED", field + ": " + e.getMessage()));
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
  private int deleteVanished(List<Listing> listings, Set<String> seen) {
    List<Path> roots = listings.stream().map(Listing::deletionRoot).filter(java.util.Objects::nonNull).toList();
    if (roots.isEmpty()) {
      return 0;
    }
    List<String> gone = new ArrayList<>();
    index.forEachItem((id, source) -> {
      if (seen.contains(id) || source.isEmpty()) {
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

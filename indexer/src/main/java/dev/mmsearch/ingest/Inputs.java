package dev.mmsearch.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.lucene.internal.hppc.LongHashSet;
import org.apache.lucene.util.StringHelper;

/**
 * The items of a job's folders and manifests, streamed: listed as the pipeline consumes them, with
 * ids given twice reported and skipped (first one wins). Memory is flat in the number of items
 * but for {@link SeenIds}, eight bytes or so per id.
 */
public final class Inputs extends Lookahead<SourceItem> {

  /**
   * Ids seen so far, as 64-bit hashes (MurmurHash3 of the UTF-8 id): duplicate detection and
   * "is this indexed item still listed" without holding the ids. Two distinct ids collide with
   * probability about n²/2⁶⁵ (3·10⁻⁸ for a million ids).
   */
  public static final class SeenIds {
    private final LongHashSet hashes = new LongHashSet();

    boolean add(String id) {
      return hashes.add(hash(id));
    }

    public boolean contains(String id) {
      return hashes.contains(hash(id));
    }

    private static long hash(String id) {
      byte[] b = id.getBytes(StandardCharsets.UTF_8);
      long[] h = StringHelper.murmurhash3_x64_128(b, 0, b.length, 0x6d6d73);
      return h[0];
    }
  }

  private final Iterator<Iterator<SourceItem>> sources;
  private final ErrorReport errors;
  private final SeenIds seen = new SeenIds();
  private Iterator<SourceItem> current = java.util.Collections.emptyIterator();
  private int listed;

  private Inputs(List<Path> directories, List<Path> manifests, ErrorReport errors) {
    // Check every input exists before anything is listed or indexed.
    directories.forEach(DirectorySource::root);
    manifests.forEach(ManifestSource::check);
    List<java.util.function.Supplier<Iterator<SourceItem>>> all = new ArrayList<>();
    directories.forEach(d -> all.add(() -> DirectorySource.items(d, errors)));
    manifests.forEach(m -> all.add(() -> ManifestSource.items(m, errors)));
    this.sources = all.stream().map(java.util.function.Supplier::get).iterator();
    this.errors = errors;
  }

  private Inputs(Iterator<SourceItem> items, ErrorReport errors) {
    this.sources = List.of(items).iterator();
    this.errors = errors;
  }

  /** Streams the items of some lines of {@code manifest}, read by someone else; bad lines go to {@code errors}. */
  public static Inputs ofLines(Path manifest, Iterator<ManifestLine> lines, ErrorReport errors) {
    return new Inputs(ManifestSource.lines(manifest, lines, errors), errors);
  }

  /** Streams the items of the inputs; failures of listing go to {@code errors}. */
  public static Inputs of(List<Path> directories, List<Path> manifests, ErrorReport errors) {
    return new Inputs(directories, manifests, errors);
  }

  /** Media files and manifest lines of the inputs, counted cheaply (for progress); -1 if unknown. */
  public static long count(List<Path> directories, List<Path> manifests) {
    long n = 0;
    for (Path d : directories) {
      long c = DirectorySource.count(d);
      if (c < 0) {
        return -1;
      }
      n += c;
    }
    for (Path m : manifests) {
      long c = ManifestSource.count(m);
      if (c < 0) {
        return -1;
      }
      n += c;
    }
    return n;
  }

  @Override
  protected SourceItem computeNext() {
    while (true) {
      while (!current.hasNext()) {
        if (!sources.hasNext()) {
          return null;
        }
        current = sources.next();
      }
      SourceItem it = current.next();
      if (seen.add(it.id())) {
        listed++;
        return it;
      }
      errors.add(new IngestError(it.origin() + " " + it.id(), "read", "DUPLICATE_ID",
          "id '" + it.id() + "' is given by more than one input in this job; the first one wins"));
    }
  }

  /** Ids listed so far. */
  public SeenIds seen() {
    return seen;
  }

  /** Items listed so far (duplicates excluded). */
  public int listed() {
    return listed;
  }

  /** Every item of the inputs that has a file of {@code modality} and text: training and evaluation pairs. */
  public static List<SourceItem> captioned(dev.mmsearch.encode.Modality modality, List<Path> directories, List<Path> manifests,
      ErrorReport errors) {
    return withFile(modality, directories, manifests, errors).stream().filter(i -> !i.text().isBlank()).toList();
  }

  /** Every item of the inputs that has a file of {@code modality}, captioned or not. */
  public static List<SourceItem> withFile(dev.mmsearch.encode.Modality modality, List<Path> directories, List<Path> manifests,
      ErrorReport errors) {
    List<SourceItem> out = new ArrayList<>();
    Inputs items = of(directories, manifests, errors);
    while (items.hasNext()) {
      SourceItem i = items.next();
      if (i.file(modality) != null) {
        out.add(i);
      }
    }
    return out;
  }
}

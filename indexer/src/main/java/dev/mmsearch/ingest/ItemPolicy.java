package dev.mmsearch.ingest;

import dev.mmsearch.catalog.Space;
import dev.mmsearch.derive.DerivedMetadata;
import dev.mmsearch.derive.DerivesMetadata;
import dev.mmsearch.derive.ocr.TextReader;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Modality;
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
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The per-item rules of an indexing job, apart from its threads: what counts as already done, what
 * must be decoded and encoded again, and how an item's new vectors merge with what the index keeps.
 *
 * <ul>
 *   <li>An item is done when its content hash matches and it has every field the active spaces
 *       give it (and its preview): skipped, or only its files' identity renewed.
 *   <li>Same content with fields missing (a space new to the index): only the missing fields are
 *       encoded, and a file is decoded only when one of its fields or its preview is missing.
 *   <li>Changed content: everything the active spaces compute; fields of other spaces are dropped,
 *       since they describe the old content (a later run completes them).
 * </ul>
 *
 * <p>Where the catalog reads pictures ({@link TextReader}), a picture is read once per content and
 * reader: an item whose picture was read ({@link Hit#OCR} among its fields) keeps its text, unless
 * the job reads every picture again (the index's pictures were read by another reader).
 *
 * <p>{@link #prepare} runs on the decode threads and reads nothing from the index (the caller reads
 * the item's state, in batches); {@link #merge} runs on the writer thread.
 */
final class ItemPolicy {

  private static final System.Logger LOG = System.getLogger(ItemPolicy.class.getName());

  private final List<Space> active;
  private final ItemIndex index;
  private final Media media;
  private final JobOptions options;
  private final StageClock clock;
  private final TextReader reader;
  private final boolean rereads;

  /**
   * @param reader reads the text in pictures, or null when the catalog reads none
   * @param rereads whether every picture is read again, whatever the index holds
   */
  ItemPolicy(List<Space> active, ItemIndex index, Media media, JobOptions options, StageClock clock, TextReader reader,
      boolean rereads) {
    this.active = active;
    this.index = index;
    this.media = media;
    this.options = options;
    this.clock = clock;
    this.reader = reader;
    this.rereads = rereads;
  }

  /**
   * Reads and hashes an item, and decodes its files unless the index already has it done
   * ({@code existing}: what the index holds under its id, read in a batch by the caller; null when
   * nothing). Returns null for an item already done, {@code failed} after reporting a failure, else
   * the prepared item.
   */
  PreparedItem prepare(SourceItem given, ItemState existing, ErrorReport errors, PreparedItem failed) {
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
      String hash = ContentHash.stored(ContentHash.of(item, media.all().stream().map(files::get).toList()), fileKeys);
      clock.since("read", t0);
      boolean thumbnails = wantsThumbnail(item);
      boolean same = existing != null && ContentHash.sameContent(existing.contentHash(), hash);
      if (same && existing.fields().containsAll(expectedFields(item)) && (!thumbnails || existing.thumbnail())
          && !(rereads && reads(item))) {
        // Done, unless the same bytes are now another file (copied back, restored from a backup, or
        // indexed before identities were kept): then only the stored identity is renewed, nothing decoded.
        return existing.contentHash().equals(hash) ? null
            : new PreparedItem(item, hash, existing, Map.of(), null, DerivedMetadata.NONE, fileKeys);
      }
      stage = "decode";
      long t1 = System.nanoTime();
      PreparedItem prepared = decode(item, files, hash, existing, same, thumbnails, fileKeys);
      clock.since("decode", t1);
      return prepared;
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
    return failed;
  }

  /**
   * Decodes what the active spaces or the preview still need. Same content with fields missing:
   * only the missing fields are encoded; the others keep their vectors, and a picture is decoded
   * only when one of its fields is missing or its preview is.
   */
  private PreparedItem decode(SourceItem item, Map<Medium, byte[]> files, String hash, ItemState existing, boolean same,
      boolean thumbnails, Map<String, String> fileKeys) throws DecodeException {
    Set<String> stored = same ? existing.fields() : Set.of();
    if (rereads && stored.contains(Hit.OCR)) {
      stored = new HashSet<>(stored);
      stored.remove(Hit.OCR);
    }
    Map<Modality, Map<Encoder, EncoderInput>> inputs = new EnumMap<>(Modality.class);
    dev.mmsearch.derive.ocr.PictureText read = null;
    byte[] thumbnail = null;
    DerivedMetadata derived = DerivedMetadata.NONE;
    PreparedItem.PreparedTimeline timeline = null;
    for (Map.Entry<Medium, byte[]> file : files.entrySet()) {
      Medium medium = file.getKey();
      if (!medium.encodedAs().contains(medium.modality())) {
        // A video: read by other modalities' encoders, moment by moment. Its moments are replaced
        // whole, so every field is computed again (the item's own picture or sound, if it has one,
        // still gives the item's vector in its fields: BatchEncoder).
        List<Encoder> encoders = new ArrayList<>();
        for (Modality m : medium.encodedAs()) {
          encoders.addAll(encoders(m, Set.of()));
        }
        boolean preview = thumbnails && thumbnail == null && medium.previews();
        if (encoders.isEmpty() && !preview) {
          continue;
        }
        EncoderInput decoded = medium.decode(file.getValue());
        derived = derived.with(medium.derive(item.file(medium.modality()).getFileName().toString(), file.getValue(), decoded));
        if (preview) {
          thumbnail = medium.preview(decoded, options.thumbnailSize());
        }
        EncoderInput.Timeline t = (EncoderInput.Timeline) decoded;
        timeline = PreparedItem.PreparedTimeline.of(t, dev.mmsearch.encode.TimelineEncoding.prepare(encoders, t));
        continue;
      }
      List<Encoder> encoders = encoders(medium.modality(), stored);
      boolean preview = thumbnails && thumbnail == null && medium.previews() && !(same && existing.thumbnail());
      boolean ocr = reader != null && medium.modality() == Modality.IMAGE && !stored.contains(Hit.OCR);
      if (encoders.isEmpty() && !preview && !ocr) {
        continue; // no active space reads it: stored and served, not decoded
      }
      EncoderInput decoded = medium.decode(file.getValue());
      // Derived here, on a decode thread, not the encoder's.
      DerivedMetadata found = medium.derive(item.file(medium.modality()).getFileName().toString(), file.getValue(), decoded);
      derived = derived.with(found);
      if (ocr) {
        long t = System.nanoTime();
        java.awt.image.BufferedImage picture = ((EncoderInput.Image) decoded).image();
        try {
          read = reader.read(picture).legible();
        } catch (RuntimeException e) {
          // The item is indexed without its text, and not marked read: the next run tries again.
          LOG.log(Level.WARNING, "could not read the text in " + item.id() + "; indexed without it", e);
        }
        clock.since("ocr", t);
        // Boxes in the original's pixels: the picture may have been decoded smaller than it is.
        Double width = found.numbers().get("width");
        Double height = found.numbers().get("height");
        if (read != null) {
          if (width != null && height != null) {
            read = read.scaled(width / picture.getWidth(), height / picture.getHeight());
          }
          derived = derived.with(new DerivedMetadata(Map.of(), Map.of(DerivedMetadata.TEXT_IN_PICTURE,
              List.of(read.hasWords() ? "yes" : "no"))));
        }
      }
      if (preview) {
        thumbnail = medium.preview(decoded, options.thumbnailSize());
      }
      if (!encoders.isEmpty()) {
        Map<Encoder, EncoderInput> prepared = prepared(encoders, decoded);
        inputs.put(medium.modality(), prepared);
        for (Map.Entry<Encoder, EncoderInput> in : prepared.entrySet()) {
          if (in.getKey() instanceof DerivesMetadata deriving) { // computed by prepare(), just now
            derived = derived.with(deriving.derivedFrom(in.getValue()));
          }
        }
      }
    }
    putText(inputs, Modality.TEXT, item.has(Modality.TEXT) ? item.text() : null, stored);
    putText(inputs, Modality.NAME, item.has(Modality.NAME) ? item.name() : null, stored);
    if (read != null && !read.isEmpty()) {
      putText(inputs, Modality.OCR, read.text(), Set.of()); // read again: its vectors too
    }
    return new PreparedItem(item, hash, existing, inputs, thumbnail, derived, fileKeys, timeline, read);
  }

  /** Whether this job reads the item's picture. */
  private boolean reads(SourceItem item) {
    return reader != null && item.file(Modality.IMAGE) != null;
  }

  private void putText(Map<Modality, Map<Encoder, EncoderInput>> inputs, Modality modality, String text, Set<String> stored) {
    if (text != null) {
      List<Encoder> encoders = encoders(modality, stored);
      if (!encoders.isEmpty()) {
        inputs.put(modality, prepared(encoders, new EncoderInput.Text(text)));
      }
    }
  }

  /**
   * The item to write: the vectors computed now, plus, when its content is unchanged, the vectors,
   * preview and derived metadata the index kept for it.
   */
  Item merge(PreparedItem p, Map<String, float[]> computed, List<dev.mmsearch.index.Moment> moments) {
    SourceItem s = p.item();
    Map<String, float[]> all = new HashMap<>();
    byte[] thumbnail = p.thumbnail();
    DerivedMetadata derived = p.derived();
    dev.mmsearch.derive.ocr.PictureText read = p.pictureText();
    if (p.sameContent()) {
      for (String field : p.existing().fields()) {
        if (!field.equals(Hit.TEXT) && !computed.containsKey(field) && index.schema().fields().containsKey(field)
            && (options.names() || index.schema().fields().get(field).modality() != Modality.NAME)
            // Text read again replaces the old text's vectors, even where it found none.
            && (read == null || index.schema().fields().get(field).modality() != Modality.OCR)) {
          index.vector(s.id(), field).ifPresent(v -> all.put(field, v));
        }
      }
      // One read for the stored preview and metadata: media not decoded this time (no active space
      // needed them) keep what the index derived before.
      Item stored = index.get(s.id()).orElse(null);
      if (stored != null) {
        if (thumbnail == null && p.existing().thumbnail()) {
          thumbnail = stored.thumbnail();
        }
        derived = derivedOf(stored).with(p.derived());
        if (read == null && reader != null) {
          read = stored.pictureText(); // read before, by this reader
        }
      }
    }
    all.putAll(computed);
    Map<String, List<String>> metadata = new TreeMap<>(derived.keywords());
    metadata.put(DerivedMetadata.MODALITY, modalitiesOf(s));
    metadata.putAll(s.metadata()); // the source's own metadata wins over derived keys of the same name
    if (moments.isEmpty() && p.sameContent() && p.timeline() == null && s.file(Modality.VIDEO) != null) {
      // Same video, nothing of it decoded this time: its moments stay as they are.
      moments = index.moments(List.of(s.id()), index.schema().fields().keySet()).getOrDefault(s.id(), List.of());
      moments = withPreviews(s.id(), moments);
    }
    return new Item(s.id(), s.source(), p.hash(), s.text(), s.fields(), metadata, all, thumbnail, s.fileNames(),
        derived.numbers(), p.fileKeys(), moments, read);
  }

  /** The stored moments with their previews read back, to write them again unchanged. */
  private List<dev.mmsearch.index.Moment> withPreviews(String id, List<dev.mmsearch.index.Moment> moments) {
    List<dev.mmsearch.index.Moment> out = new ArrayList<>(moments.size());
    for (int i = 0; i < moments.size(); i++) {
      dev.mmsearch.index.Moment m = moments.get(i);
      out.add(new dev.mmsearch.index.Moment(m.start(), m.end(), m.vectors(), index.momentThumbnail(id, i).orElse(null)));
    }
    return out;
  }

  /** Whether an item has a file decoded into moments (a video): the pipeline holds fewer of those at once. */
  boolean timed(SourceItem item) {
    for (Modality m : item.files().keySet()) {
      if (media.of(m).map(medium -> !medium.encodedAs().contains(m)).orElse(false)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Fields the active spaces give an item with these inputs: those of its own modalities, and of
   * the modalities its files are always encoded as (a video's frames: image fields).
   */
  private Set<String> expectedFields(SourceItem item) {
    Set<Modality> gives = new HashSet<>();
    for (Modality m : item.files().keySet()) {
      media.of(m).ifPresent(medium -> gives.addAll(medium.alwaysEncodedAs()));
    }
    Set<String> fields = new HashSet<>();
    for (Space space : active) {
      for (VectorFieldSpec f : space.fields()) {
        if (item.has(f.modality()) || gives.contains(f.modality())) {
          fields.add(f.name());
        }
      }
    }
    if (reads(item)) {
      fields.add(Hit.OCR); // its picture read (its text's vectors exist only where text was found)
    }
    return fields;
  }

  /** Whether the item gets a stored preview: thumbnails are on and one of its files makes previews. */
  private boolean wantsThumbnail(SourceItem item) {
    return options.thumbnailSize() > 0
        && item.files().keySet().stream().anyMatch(m -> media.of(m).map(Medium::previews).orElse(false));
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

  static String sourceOf(SourceItem item) {
    return item.source().isEmpty() ? item.origin() : item.source();
  }
}

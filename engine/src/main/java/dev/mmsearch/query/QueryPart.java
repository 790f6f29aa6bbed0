package dev.mmsearch.query;

import dev.mmsearch.encode.EmbeddingCache;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.media.Medium;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One part of a multimodal query, with a weight. Negative weights push matching results down
 * ("beach" + image − "people"). The type is open: a new part type is a record implementing it, its
 * {@link PartKind} and {@link PartType}, and its line in {@link PartTypes}.
 */
public interface QueryPart {

  double weight();

  /** Longest text part, in characters: longer than any text encoder reads (they stop at 512 tokens). */
  int MAX_TEXT_CHARS = 2048;

  /** Longest item id a part may name. */
  int MAX_ID_CHARS = 4096;

  /** Checks the weight: finite, non-zero, within ±100. */
  static double checkWeight(double weight) {
    if (!Double.isFinite(weight) || weight == 0 || Math.abs(weight) > 100) {
      throw new IllegalArgumentException("weight must be finite, non-zero and within ±100, got: " + weight);
    }
    return weight;
  }

  /** Free text, embedded by every space with a text encoder and matched by BM25. */
  record Text(String text, double weight) implements QueryPart {
    public Text {
      Objects.requireNonNull(text, "text");
      if (text.isBlank()) {
        throw new IllegalArgumentException("text part must not be blank");
      }
      if (text.length() > MAX_TEXT_CHARS) {
        throw new IllegalArgumentException("text part has " + text.length() + " characters, more than the limit of "
            + MAX_TEXT_CHARS);
      }
      checkWeight(weight);
    }
  }

  /**
   * An input of a medium (an image, a sound), embedded by every space with an encoder for its
   * modality. Its decoded form comes from {@code input}, asked only when an embedding must be
   * computed: an upload whose embeddings are all cached is never decoded ({@link #upload}).
   *
   * @param modality the modality of the decoded input
   * @param input the decoded input, decoding it on first use; may throw {@link MediaRejectedException}
   * @param content the key its embeddings are cached under (the upload's SHA-256), or null
   */
  record Media(Modality modality, Supplier<EncoderInput> input, double weight, String content) implements QueryPart {
    public Media {
      Objects.requireNonNull(modality, "modality");
      Objects.requireNonNull(input, "input");
      checkWeight(weight);
    }

    /** A decoded input whose bytes are not known: its embedding is not cached. */
    public Media(EncoderInput input, double weight) {
      this(Objects.requireNonNull(input, "input").modality(), () -> input, weight, null);
    }

    /**
     * An upload of {@code medium}: keyed by its bytes ({@link EmbeddingCache#ofBytes})
     * and decoded within the medium's limits the first time an embedding of it is needed, once.
     *
     * @param part the part's index in a JSON query, named by a refusal; null for a form's file
     */
    public static Media upload(Medium medium, byte[] bytes, double weight, Integer part) {
      return new Media(medium.modality(), new UploadedInput(medium, bytes, part), weight,
          EmbeddingCache.ofBytes(bytes));
    }
  }

  /** An indexed item ("more like this"): its stored vectors are the query. */
  record ItemRef(String id, double weight) implements QueryPart {
    public ItemRef {
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException("item part needs an id");
      }
      if (id.length() > MAX_ID_CHARS) {
        throw new IllegalArgumentException("item id has " + id.length() + " characters, more than the limit of " + MAX_ID_CHARS);
      }
      checkWeight(weight);
    }
  }

  /**
   * Colours named by the user, with optional shares ({@link dev.mmsearch.derive.Palette#of}):
   * searched in the palette fields of every derived palette space and/or, through a predictor, in
   * the visual fields it was trained for.
   *
   * @param route direct, predicted or both; null for what the predictor measured best (direct without one)
   */
  record Colours(dev.mmsearch.derive.Palette palette, double weight, dev.mmsearch.predict.Route route) implements QueryPart {
    /** Most colours a part may name. */
    public static final int MAX_COLOURS = 16;

    public Colours(dev.mmsearch.derive.Palette palette, double weight) {
      this(palette, weight, null);
    }

    public Colours {
      Objects.requireNonNull(palette, "palette");
      if (palette.swatches().size() > MAX_COLOURS) {
        throw new IllegalArgumentException("a palette part names at most " + MAX_COLOURS + " colours, got: " + palette.swatches().size());
      }
      checkWeight(weight);
    }
  }

  /**
   * Soft wishes on numeric metadata ("bright, colourful, landscape"): items ranked by how close
   * their numbers lie to the targets ({@link dev.mmsearch.index.ItemIndex#closest}), fused like any
   * other ranked list, and/or searched through a predictor in a visual field.
   * {@link dev.mmsearch.derive.LookWords} turns words into targets.
   *
   * @param route direct, predicted or both; null for what the predictor measured best (direct without one)
   */
  record Metadata(java.util.List<dev.mmsearch.index.NumberTarget> targets, double weight, dev.mmsearch.predict.Route route)
      implements QueryPart {
    public Metadata(java.util.List<dev.mmsearch.index.NumberTarget> targets, double weight) {
      this(targets, weight, null);
    }

    public Metadata {
      targets = java.util.List.copyOf(Objects.requireNonNull(targets, "targets"));
      if (targets.isEmpty() || targets.size() > dev.mmsearch.index.ItemIndex.MAX_TARGETS) {
        throw new IllegalArgumentException("a metadata part needs 1.." + dev.mmsearch.index.ItemIndex.MAX_TARGETS
            + " targets, got: " + targets.size());
      }
      checkWeight(weight);
    }
  }
}

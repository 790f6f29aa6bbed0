package dev.mmsearch.catalog;

import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.Similarity;
import dev.mmsearch.index.VectorFieldSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loaded embedding space: one encoder per modality, all emitting vectors of one dimension and
 * similarity, so any modality's query can search any modality's field of the space.
 */
public final class Space implements AutoCloseable {

  private final String name;
  private final Map<Modality, Encoder> encoders;
  private final List<VectorFieldSpec> fields;

  /**
   * @param readsPictures whether the catalog reads the text in pictures ({@link Catalog#ocr()}):
   *     then a space taking text gets a field for it
   */
  Space(SpaceConfig config, Map<Modality, Encoder> encoders, boolean readsPictures) {
    this.name = config.name();
    this.encoders = Collections.unmodifiableMap(encoders);
    Encoder first = encoders.values().iterator().next();
    List<VectorFieldSpec> f = new ArrayList<>();
    for (Encoder e : encoders.values()) {
      if (e.dimension() != first.dimension() || e.similarity() != first.similarity()) {
        throw new IllegalArgumentException("space '" + name + "' mixes " + first.modality().id() + " vectors of "
            + first.dimension() + "/" + first.similarity().id() + " with " + e.modality().id() + " vectors of "
            + e.dimension() + "/" + e.similarity().id());
      }
      f.add(new VectorFieldSpec(name, e.modality(), e.dimension(), e.similarity(), e.identity(), config.format(),
          config.m(), config.beamWidth(), config.oversample()));
    }
    Encoder text = encoders.get(Modality.TEXT);
    if (text != null) {
      // File names and text read in pictures, embedded by the text encoder into fields of their own.
      for (Modality m : readsPictures ? List.of(Modality.NAME, Modality.OCR) : List.of(Modality.NAME)) {
        f.add(new VectorFieldSpec(name, m, text.dimension(), text.similarity(), text.identity(), config.format(),
            config.m(), config.beamWidth(), config.oversample()));
      }
    }
    this.fields = List.copyOf(f);
  }

  public String name() {
    return name;
  }

  public int dimension() {
    return fields.getFirst().dimension();
  }

  public Similarity similarity() {
    return fields.getFirst().similarity();
  }

  public Set<Modality> modalities() {
    return encoders.keySet();
  }

  /**
   * The encoder for a modality, or null when the space does not accept it; names and text read in
   * pictures ({@link Modality#textual()}) are the text encoder's.
   */
  public Encoder encoder(Modality modality) {
    return encoders.get(modality.textual() ? Modality.TEXT : modality);
  }

  /**
   * Vector fields of this space: one per modality its encoders take, and where it takes text one
   * for names and, when the catalog reads pictures, one for the text read in them.
   */
  public List<VectorFieldSpec> fields() {
    return fields;
  }

  @Override
  public void close() {
    encoders.values().forEach(Encoder::close);
  }

  @Override
  public String toString() {
    return "Space(" + name + ", " + dimension() + "-d " + similarity().id() + ", " + modalities() + ")";
  }
}

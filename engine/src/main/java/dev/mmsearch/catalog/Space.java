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

  Space(SpaceConfig config, Map<Modality, Encoder> encoders) {
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
      // File names, embedded by the text encoder into a field of their own.
      f.add(new VectorFieldSpec(name, Modality.NAME, text.dimension(), text.similarity(), text.identity(), config.format(),
          config.m(), config.beamWidth(), config.oversample()));
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
   * The encoder for a modality, or null when the space does not accept it; names ({@link
   * Modality#NAME}) are the text encoder's.
   */
  public Encoder encoder(Modality modality) {
    return encoders.get(modality == Modality.NAME ? Modality.TEXT : modality);
  }

  /** Vector fields of this space: one per modality its encoders take, and one for names where it takes text. */
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

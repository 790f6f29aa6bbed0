package dev.mmsearch.index;

import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.ModelIdentity;
import dev.mmsearch.encode.Similarity;
import java.util.Objects;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

/**
 * One vector field: a space × modality ({@code clip.image}), what its vectors are (dimension,
 * similarity, producing model) and how they are indexed. Recorded in every commit so that an index
 * is never silently fed vectors from a different model.
 *
 * @param oversample candidates fetched per wanted hit before full-precision rescoring (quantized formats)
 */
public record VectorFieldSpec(
    String space,
    Modality modality,
    int dimension,
    Similarity similarity,
    ModelIdentity model,
    VectorFormat format,
    int m,
    int beamWidth,
    int oversample) {

  public static final int DEFAULT_M = Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN;
  public static final int DEFAULT_BEAM_WIDTH = Lucene99HnswVectorsFormat.DEFAULT_BEAM_WIDTH;

  public VectorFieldSpec {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(format, "format");
    if (space == null || !space.matches("[a-z][a-z0-9_-]{0,63}")) {
      throw new IllegalArgumentException(
          "space name must be lower-case letters, digits, '-' or '_' starting with a letter, got: " + space);
    }
    if (dimension < 1 || dimension > VectorFormat.MAX_DIMENSIONS) {
      throw new IllegalArgumentException("dimension must be in 1.." + VectorFormat.MAX_DIMENSIONS + ", got: " + dimension);
    }
    if (m < 2 || m > Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN) {
      throw new IllegalArgumentException("m must be in 2.." + Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN + ", got: " + m);
    }
    if (beamWidth < 1 || beamWidth > Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH) {
      throw new IllegalArgumentException(
          "beamWidth must be in 1.." + Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH + ", got: " + beamWidth);
    }
    if (oversample < 1 || oversample > 100) {
      throw new IllegalArgumentException("oversample must be in 1..100, got: " + oversample);
    }
  }

  /** A field with the default HNSW parameters for its format. */
  public static VectorFieldSpec of(String space, Modality modality, int dimension, Similarity similarity,
      ModelIdentity model, VectorFormat format) {
    return new VectorFieldSpec(space, modality, dimension, similarity, model, format, DEFAULT_M, DEFAULT_BEAM_WIDTH,
        format.defaultOversample());
  }

  /** The Lucene field name, {@code space.modality}. */
  public String name() {
    return fieldName(space, modality);
  }

  public static String fieldName(String space, Modality modality) {
    return space + "." + modality.id();
  }
}

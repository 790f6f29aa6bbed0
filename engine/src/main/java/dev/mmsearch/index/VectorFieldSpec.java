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

  /**
   * HNSW candidates a search for {@code k} hits explores in each graph (efSearch, num_candidates,
   * Solr's topK): at least {@link ItemReader#NUM_CANDIDATES}, and {@code k × oversample} for
   * quantized formats, whose hits are rescored at full precision. Every backend uses this, so the
   * embedded index and a cluster search at matched candidate settings.
   */
  public int candidates(int k) {
    return Math.min(ItemReader.MAX_K, Math.max(ItemReader.NUM_CANDIDATES, format.quantized() ? k * oversample : k));
  }

  /** @throws IllegalArgumentException when {@code v} has another dimension than this field */
  public void checkDimension(float[] v) {
    if (v.length != dimension) {
      throw new IllegalArgumentException(
          "vector dimension: " + v.length + " differs from field dimension: " + dimension + " of " + name());
    }
  }

  /**
   * Checks a vector about to be stored: its dimension, and unit length in a cosine field (scored
   * by a plain dot product, which is only the cosine for unit vectors).
   */
  public void checkVector(float[] v) {
    checkDimension(v);
    if (similarity == Similarity.COSINE) {
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      if (Math.abs(Math.sqrt(norm) - 1.0) > 1e-3) {
        throw new IllegalArgumentException("field " + name() + " is a cosine field and takes unit vectors, got norm: "
            + Math.sqrt(norm));
      }
    }
  }

  /**
   * The similarity back from a Lucene kNN score, which Lucene (9 and 10 alike, so also Solr and
   * OpenSearch's Lucene engine) rescales to be positive: {@code (1 + dot) / 2} for unit vectors,
   * a reciprocal below zero for maximum inner product.
   */
  public float similarityFromScore(float score) {
    return switch (similarity) {
      case COSINE -> 2f * score - 1f;
      case DOT_PRODUCT -> score < 1f ? 1f - 1f / score : score - 1f;
    };
  }
}

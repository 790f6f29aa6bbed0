package dev.mmsearch.index;

import java.util.Locale;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * How a vector field is stored and searched: Lucene's own HNSW formats, full precision or scalar
 * quantized. Quantized formats keep the float vectors too, so hits are rescored at full precision
 * after an oversampled quantized search ({@link #defaultOversample()}).
 */
public enum VectorFormat {
  /** 32-bit floats: exact scores, 4 bytes per dimension in the graph's working set. */
  HNSW(1),
  /** 7-bit scalar quantization: ~4× less memory, recall@10 ≈ 0.97 before rescoring. */
  INT8(2),
  /** 4-bit (packed nibble) quantization: ~8× less memory. */
  INT4(4),
  /** Better binary quantization (1-bit docs, 4-bit queries): ~32× less memory; needs rescoring. */
  BBQ(5);

  private final int defaultOversample;

  VectorFormat(int defaultOversample) {
    this.defaultOversample = defaultOversample;
  }

  /** How many more candidates than {@code k} to fetch from the quantized graph before rescoring. */
  public int defaultOversample() {
    return defaultOversample;
  }

  public boolean quantized() {
    return this != HNSW;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Largest dimension mmsearch indexes; Lucene's formats default to 1024, below real backbones (1792). */
  public static final int MAX_DIMENSIONS = 4096;

  /** The Lucene format of this choice with the given HNSW parameters: how the embedded index writes a field. */
  public KnnVectorsFormat luceneFormat(int m, int beamWidth) {
    return new WiderFormat(baseFormat(m, beamWidth));
  }

  private KnnVectorsFormat baseFormat(int m, int beamWidth) {
    return switch (this) {
      case HNSW -> new Lucene99HnswVectorsFormat(m, beamWidth);
      case INT8 -> new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.SEVEN_BIT, m, beamWidth);
      case INT4 -> new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.PACKED_NIBBLE, m, beamWidth);
      case BBQ -> new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE, m, beamWidth);
    };
  }

  /**
   * Lucene's format under its own name (so readers resolve it through SPI as usual), allowing up
   * to {@link #MAX_DIMENSIONS} dimensions. The on-disk format is the delegate's, unchanged.
   */
  private static final class WiderFormat extends KnnVectorsFormat {
    private final KnnVectorsFormat delegate;

    WiderFormat(KnnVectorsFormat delegate) {
      super(delegate.getName());
      this.delegate = delegate;
    }

    @Override
    public org.apache.lucene.codecs.KnnVectorsWriter fieldsWriter(org.apache.lucene.index.SegmentWriteState state)
        throws java.io.IOException {
      return delegate.fieldsWriter(state);
    }

    @Override
    public org.apache.lucene.codecs.KnnVectorsReader fieldsReader(org.apache.lucene.index.SegmentReadState state)
        throws java.io.IOException {
      return delegate.fieldsReader(state);
    }

    @Override
    public int getMaxDimensions(String fieldName) {
      return MAX_DIMENSIONS;
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }

  public static VectorFormat fromString(String s) {
    for (VectorFormat f : values()) {
      if (f.id().equalsIgnoreCase(s)) {
        return f;
      }
    }
    throw new IllegalArgumentException("Unknown vector format '" + s + "' (known: hnsw, int8, int4, bbq)");
  }
}

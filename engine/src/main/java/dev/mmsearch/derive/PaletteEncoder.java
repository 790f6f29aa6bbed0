package dev.mmsearch.derive;

import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.ModelIdentity;
import dev.mmsearch.encode.Role;
import dev.mmsearch.encode.Similarity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A picture's colour palette as a vector ({@link PaletteExtractor}, {@link PaletteVector}): a
 * derived encoder, computed from pixels with no model folder. Its identity hashes the algorithm and
 * its parameters, so an index records it like a model's and refuses vectors from a changed version.
 * Thread-safe (stateless).
 */
public final class PaletteEncoder implements Encoder, DerivesMetadata {

  /** What the vectors depend on; change it whenever the extraction or the encoding changes. */
  static final String VERSION = "palette-cielab v2: weighted k-means++ k<=" + PaletteExtractor.MAX_COLOURS + " grid "
      + PaletteExtractor.GRID + " over " + PaletteExtractor.BITS + "-bit RGB bins, merge " + PaletteExtractor.MERGE_DELTA_E + " dE; soft histogram L 10..90 a,b -80..80 step 20, sigma "
      + PaletteVector.SIGMA + ", square root";

  private static final ModelIdentity IDENTITY = new ModelIdentity("palette-cielab", sha256(VERSION));

  private final PaletteExtractor extractor = new PaletteExtractor();

  @Override
  public Modality modality() {
    return Modality.IMAGE;
  }

  @Override
  public int dimension() {
    return PaletteVector.DIMENSION;
  }

  @Override
  public Similarity similarity() {
    return Similarity.COSINE;
  }

  @Override
  public ModelIdentity identity() {
    return IDENTITY;
  }

  /** Extracts the palette here, on the caller's (decode) thread; {@link #encode} then only turns it into a vector. */
  @Override
  public EncoderInput prepare(EncoderInput input) {
    return input instanceof EncoderInput.Image image
        ? new EncoderInput.Derived(extractor.extract(image.image()), Modality.IMAGE, this) : input;
  }

  @Override
  public boolean accepts(EncoderInput prepared) {
    return !(prepared instanceof EncoderInput.Prepared p) || p.preparedBy() == this;
  }

  /** The palette a prepared input holds, or null when it holds none. */
  public static Palette paletteOf(EncoderInput prepared) {
    return prepared instanceof EncoderInput.Derived d && d.value() instanceof Palette p ? p : null;
  }

  /** The palette extracted by {@link #prepare}, as the {@code colours} metadata. */
  @Override
  public DerivedMetadata derivedFrom(EncoderInput prepared) {
    Palette palette = paletteOf(prepared);
    return palette == null ? DerivedMetadata.NONE : DerivedMetadata.ofPalette(palette);
  }

  /** A mean of palettes is no palette: a video gets its poster's. */
  @Override
  public boolean poolable() {
    return false;
  }

  @Override
  public List<float[]> encode(List<? extends EncoderInput> inputs, Role role) {
    return inputs.stream().map(in -> {
      Palette palette = paletteOf(in);
      if (palette == null && in instanceof EncoderInput.Derived) {
        throw new IllegalArgumentException("input was prepared by another encoder than the palette encoder");
      }
      if (palette == null && !(in instanceof EncoderInput.Image)) {
        throw new IllegalArgumentException("the palette encoder reads decoded pictures, got: " + in.getClass().getSimpleName());
      }
      return PaletteVector.of(palette != null ? palette : extractor.extract(((EncoderInput.Image) in).image()));
    }).toList();
  }

  /** A palette a user names (a query), in the same encoding as the pictures' palettes. */
  public float[] encode(Palette palette) {
    return PaletteVector.of(palette);
  }

  /** The palette samples a grid of at most this many pixels a side; decoders may subsample large pictures to a few times it. */
  @Override
  public java.util.Optional<dev.mmsearch.encode.InputNeed> reads() {
    return java.util.Optional.of(new dev.mmsearch.encode.InputNeed.PictureSide(PaletteExtractor.GRID));
  }

  @Override
  public void close() {}

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}

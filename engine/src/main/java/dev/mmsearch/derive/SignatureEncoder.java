package dev.mmsearch.derive;

import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.InputNeed;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.ModelIdentity;
import dev.mmsearch.encode.Role;
import dev.mmsearch.encode.Similarity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The derived spaces {@code signature} ({@code "signature": {"derived": "signature"}}: a picture's
 * perceptual signature, {@link PictureSignature}, 128 bits) and {@code soundprint} (a sound's
 * fingerprint, {@link SoundPrint}, 256 bits; a space has one dimension, hence two), as ±1 unit
 * vectors, so near-duplicates are nearest neighbours in {@code signature.image} and
 * {@code soundprint.audio}; and the digest of the decoded content
 * ({@link ContentDigest}) as the keyword {@value ContentDigest#KEY}, for exact duplicates. Both are
 * computed in {@link #prepare}, on decode threads. Identities hash the algorithms' versions, so an
 * index refuses signatures of a changed definition. Thread-safe (stateless).
 */
public abstract sealed class SignatureEncoder implements Encoder, DerivesMetadata {

  /** The picture half: {@code signature.image}. */
  public static final class Picture extends SignatureEncoder {
    static final String VERSION = "picture-signature v2: plain margin trimmed (tolerance " + PictureSignature.MARGIN_TOLERANCE + "); imagehash phash 8x8 of 32x32 + dhash 9x8, Pillow L and Lanczos";
    private static final ModelIdentity IDENTITY = new ModelIdentity("picture-signature", sha256(VERSION));

    public Picture() {
      super(Modality.IMAGE, PictureSignature.BITS, IDENTITY);
    }

    @Override
    Object compute(EncoderInput input) {
      if (input instanceof EncoderInput.Image image) {
        return new Computed(PictureSignature.of(image.image()).vector(), ContentDigest.of(image.image()));
      }
      throw new IllegalArgumentException("the picture signature reads decoded pictures, got: " + input.getClass().getSimpleName());
    }

    /** Decoders may read large pictures subsampled to a few times this side; the hashes shrink them to 32 px. */
    @Override
    public Optional<InputNeed> reads() {
      return Optional.of(new InputNeed.PictureSide(256));
    }
  }

  /** The sound half: {@code signature.audio}. */
  public static final class Sound extends SignatureEncoder {
    static final String VERSION = "sound-print v1: 9 slices x 17 log bands 150-3800 Hz, Philips + shape bits";
    private static final ModelIdentity IDENTITY = new ModelIdentity("sound-print", sha256(VERSION));
    /** Seconds of a sound the fingerprint reads. */
    public static final double SECONDS = 10;

    public Sound() {
      super(Modality.AUDIO, SoundPrint.BITS, IDENTITY);
    }

    @Override
    Object compute(EncoderInput input) {
      if (input instanceof EncoderInput.Audio audio) {
        return new Computed(SoundPrint.of(audio.audio()).vector(), ContentDigest.of(audio.audio()));
      }
      throw new IllegalArgumentException("the sound fingerprint reads decoded sounds, got: " + input.getClass().getSimpleName());
    }

    @Override
    public Optional<InputNeed> reads() {
      return Optional.of(new InputNeed.SoundSeconds(SECONDS));
    }
  }

  /** What {@link #prepare} computed: the vector and the digest. */
  record Computed(float[] vector, String digest) {}

  private final Modality modality;
  private final int dimension;
  private final ModelIdentity identity;

  private SignatureEncoder(Modality modality, int dimension, ModelIdentity identity) {
    this.modality = modality;
    this.dimension = dimension;
    this.identity = identity;
  }

  /** The encoder of the {@code signature} space (pictures), for {@link DerivedEncoders}. */
  static Map<Modality, java.util.function.Supplier<Encoder>> pictures() {
    return Map.of(Modality.IMAGE, Picture::new);
  }

  /** The encoder of the {@code soundprint} space (sounds), for {@link DerivedEncoders}. */
  static Map<Modality, java.util.function.Supplier<Encoder>> sounds() {
    return Map.of(Modality.AUDIO, Sound::new);
  }

  abstract Object compute(EncoderInput input);

  @Override
  public Modality modality() {
    return modality;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  /** Unit ±1 vectors: cosine is {@code 1 − 2·hamming/bits}. */
  @Override
  public Similarity similarity() {
    return Similarity.COSINE;
  }

  @Override
  public ModelIdentity identity() {
    return identity;
  }

  @Override
  public EncoderInput prepare(EncoderInput input) {
    return input instanceof EncoderInput.Prepared ? input : new EncoderInput.Derived(compute(input), modality, this);
  }

  @Override
  public boolean accepts(EncoderInput prepared) {
    return !(prepared instanceof EncoderInput.Prepared p) || p.preparedBy() == this;
  }

  @Override
  public DerivedMetadata derivedFrom(EncoderInput prepared) {
    return prepared instanceof EncoderInput.Derived d && d.value() instanceof Computed c
        ? new DerivedMetadata(Map.of(), Map.of(ContentDigest.KEY, List.of(c.digest()))) : DerivedMetadata.NONE;
  }

  /** A signature of one frame or one stretch stands for nothing when averaged: a video gets its poster's. */
  @Override
  public boolean poolable() {
    return false;
  }

  @Override
  public List<float[]> encode(List<? extends EncoderInput> inputs, Role role) {
    return inputs.stream().map(in -> {
      if (in instanceof EncoderInput.Derived d && d.value() instanceof Computed c && d.preparedBy() == this) {
        return c.vector().clone();
      }
      if (in instanceof EncoderInput.Prepared) {
        throw new IllegalArgumentException("input was prepared by another encoder than the " + identity.name() + " encoder");
      }
      return ((Computed) compute(in)).vector();
    }).toList();
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

package dev.mmsearch.media;

import dev.mmsearch.derive.DerivedMetadata;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.InputNeed;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.extract.DecodeException;
import dev.mmsearch.extract.DecodeTarget;
import dev.mmsearch.extract.ImageDecoder;
import dev.mmsearch.extract.ImageLimits;
import dev.mmsearch.extract.Thumbnails;
import java.util.Collection;
import java.util.Map;

/** Pictures: PNG, JPEG, WebP, GIF, BMP, decoded at the size the encoders need ({@link DecodeTarget}). */
public final class ImageMedium implements Medium {

  static final Map<String, String> TYPES = Map.of("png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg",
      "webp", "image/webp", "gif", "image/gif", "bmp", "image/bmp");

  /** Pictures as {@link Media} registers them. */
  public static final MediumType TYPE = new MediumType(Modality.IMAGE, TYPES, ImageLimits.DEFAULTS,
      (limits, encoders, previewSize) -> new ImageMedium(limits.get(ImageLimits.class, ImageLimits.DEFAULTS),
          decodeTarget(encoders, previewSize), inputSide(encoders)));

  private final ImageDecoder decoder;
  private final DecodeTarget target;
  /** The image encoders' largest input side; 0 when one reads pictures at their own size. */
  private final int inputSide;

  ImageMedium(ImageLimits limits, DecodeTarget target, int inputSide) {
    this.decoder = new ImageDecoder(limits);
    this.target = target;
    this.inputSide = inputSide;
  }

  /**
   * Decodes down to the encoders' own side where a filtering decoder can (a 640 × 480 JPEG for
   * 256-px encoders: libjpeg-turbo at 5/8, 400 × 300), instead of the margin the indexer keeps for
   * subsampling, previews and the text reader: fewer pixels to decode, resize and derive from.
   */
  @Override
  public Medium forQueries() {
    return inputSide == 0 ? this : new ImageMedium(decoder.limits(), target.filteredDownTo(inputSide), inputSide);
  }

  /** The decode target, for tests. */
  DecodeTarget target() {
    return target;
  }

  /**
   * How large images need to be decoded for these encoders' image towers (and a preview of
   * {@code preview} pixels): a few times the largest model input, within the decoder's raster
   * bound. A model that reads images at their own size (or says nothing) gets full resolution
   * within that bound.
   */
  static DecodeTarget decodeTarget(Collection<Encoder> encoders, int preview) {
    if (encoders.stream().anyMatch(e -> e.modality() == Modality.IMAGE && side(e) == 0)) {
      return new DecodeTarget(0, DecodeTarget.DEFAULT_MAX_PIXELS);
    }
    return DecodeTarget.forInputs(inputSide(encoders), preview);
  }

  /** The largest side the image encoders read; 0 when one reads pictures at their own size, or none reads them. */
  private static int inputSide(Collection<Encoder> encoders) {
    int side = 0;
    for (Encoder e : encoders) {
      if (e.modality() == Modality.IMAGE) {
        if (side(e) == 0) {
          return 0;
        }
        side = Math.max(side, side(e));
      }
    }
    return side;
  }

  private static int side(Encoder e) {
    return e.reads().filter(InputNeed.PictureSide.class::isInstance).map(InputNeed.PictureSide.class::cast)
        .map(InputNeed.PictureSide::pixels).orElse(0);
  }

  @Override
  public Modality modality() {
    return Modality.IMAGE;
  }

  @Override
  public Map<String, String> servedTypes() {
    return TYPES;
  }

  @Override
  public String expected() {
    return "an image (PNG, JPEG, WebP, GIF, BMP)";
  }

  @Override
  public long maxBytes() {
    return decoder.limits().maxBytes();
  }

  @Override
  public EncoderInput decode(byte[] bytes) throws DecodeException {
    return new EncoderInput.Image(decoder.decode(bytes, target));
  }

  @Override
  public boolean previews() {
    return true;
  }

  @Override
  public byte[] preview(EncoderInput decoded, int maxSide) {
    return Thumbnails.jpeg(((EncoderInput.Image) decoded).image(), maxSide);
  }

  @Override
  public DerivedMetadata derive(String fileName, byte[] bytes, EncoderInput decoded) {
    return DerivedMetadata.ofPicture(bytes, ((EncoderInput.Image) decoded).image());
  }
}

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
          decodeTarget(encoders, previewSize)));

  private final ImageDecoder decoder;
  private final DecodeTarget target;

  ImageMedium(ImageLimits limits, DecodeTarget target) {
    this.decoder = new ImageDecoder(limits);
    this.target = target;
  }

  /**
   * How large images need to be decoded for these encoders' image towers (and a preview of
   * {@code preview} pixels): a few times the largest model input, within the decoder's raster
   * bound. A model that reads images at their own size (or says nothing) gets full resolution
   * within that bound.
   */
  static DecodeTarget decodeTarget(Collection<Encoder> encoders, int preview) {
    int side = 0;
    for (Encoder e : encoders) {
      if (e.modality() == Modality.IMAGE) {
        int pixels = e.reads().filter(InputNeed.PictureSide.class::isInstance).map(InputNeed.PictureSide.class::cast)
            .map(InputNeed.PictureSide::pixels).orElse(0);
        if (pixels == 0) {
          return new DecodeTarget(0, DecodeTarget.DEFAULT_MAX_PIXELS);
        }
        side = Math.max(side, pixels);
      }
    }
    return DecodeTarget.forInputs(side, preview);
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

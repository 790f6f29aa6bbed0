package dev.mmsearch.media;

import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.extract.DecodeException;
import dev.mmsearch.extract.DecodeTarget;
import dev.mmsearch.extract.ImageDecoder;
import dev.mmsearch.extract.ImageLimits;
import dev.mmsearch.extract.Thumbnails;
import java.util.Map;

/** Pictures: PNG, JPEG, WebP, GIF, BMP, decoded at the size the encoders need ({@link DecodeTarget}). */
public final class ImageMedium implements Medium {

  static final Map<String, String> TYPES = Map.of("png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg",
      "webp", "image/webp", "gif", "image/gif", "bmp", "image/bmp");

  private final ImageDecoder decoder;
  private final DecodeTarget target;

  public ImageMedium(ImageLimits limits, DecodeTarget target) {
    this.decoder = new ImageDecoder(limits);
    this.target = target;
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

  public ImageLimits limits() {
    return decoder.limits();
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
}

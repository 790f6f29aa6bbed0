package dev.mmsearch.derive;

import dev.mmsearch.extract.ImageDecoder;
import java.awt.image.BufferedImage;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The numeric metadata the indexer stores for every picture (range filters): its stored size and
 * look ({@link ImageStatistics}), file size, and what EXIF says about when and where it was taken
 * ({@link ExifFacts}). Keys: {@code width height aspect megapixels brightness contrast saturation
 * colourfulness entropy sharpness file_bytes}, and when EXIF has them {@code taken} (seconds since
 * 1970 of the camera's local clock read as UTC), {@code taken_year}, {@code latitude},
 * {@code longitude}.
 */
public final class PictureNumbers {

  private PictureNumbers() {}

  /** The numbers of a picture from its encoded bytes and its decoded (possibly subsampled) pixels. */
  public static Map<String, Double> of(byte[] encoded, BufferedImage decoded) {
    ExifFacts exif = ExifFacts.read(encoded);
    int[] stored = ImageDecoder.storedSize(encoded);
    boolean turned = exif.orientation() != null && exif.orientation() >= 5; // shown on its side: width and height swap
    int width = stored == null ? decoded.getWidth() : stored[turned ? 1 : 0];
    int height = stored == null ? decoded.getHeight() : stored[turned ? 0 : 1];
    ImageStatistics s = ImageStatistics.of(decoded, width, height);
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("width", (double) s.width());
    out.put("height", (double) s.height());
    out.put("aspect", s.aspect());
    out.put("megapixels", s.megapixels());
    out.put("brightness", s.brightness());
    out.put("contrast", s.contrast());
    out.put("saturation", s.saturation());
    out.put("colourfulness", s.colourfulness());
    out.put("entropy", s.entropy());
    out.put("sharpness", s.sharpness());
    out.put("file_bytes", (double) encoded.length);
    if (exif.taken() != null) {
      out.put("taken", (double) exif.taken().toEpochSecond(ZoneOffset.UTC));
      out.put("taken_year", (double) exif.taken().getYear());
    }
    if (exif.latitude() != null) {
      out.put("latitude", exif.latitude());
      out.put("longitude", exif.longitude());
    }
    return out;
  }
}

package dev.mmsearch.derive;

import dev.mmsearch.extract.ImageDecoder;
import java.awt.image.BufferedImage;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metadata the indexer derives for every picture. Numbers (range filters): its stored size and
 * look ({@link ImageStatistics}), file size, and what EXIF says about when and where it was taken
 * ({@link ExifFacts}) — {@code width height aspect megapixels brightness contrast saturation
 * colourfulness entropy sharpness file_bytes}, and when EXIF has them {@code taken} (seconds since
 * 1970 of the camera's local clock read as UTC), {@code taken_year}, {@code latitude},
 * {@code longitude}. Keywords (filters): {@code format}, and when EXIF has them {@code camera_make},
 * {@code camera_model}.
 *
 * @param numbers numeric metadata by key
 * @param keywords keyword metadata by key
 */
public record PictureMetadata(Map<String, Double> numbers, Map<String, List<String>> keywords) {

  /** The keyword keys derived here: the indexer keeps them when a run does not decode the picture. */
  public static final Set<String> KEYWORD_KEYS = Set.of("format", "camera_make", "camera_model");

  /** The metadata of a picture from its encoded bytes and its decoded (possibly subsampled) pixels. */
  public static PictureMetadata of(byte[] encoded, BufferedImage decoded) {
    ExifFacts exif = ExifFacts.read(encoded);
    ImageDecoder.Header header = ImageDecoder.header(encoded);
    boolean turned = exif.orientation() != null && exif.orientation() >= 5; // shown on its side: width and height swap
    int width = header == null ? decoded.getWidth() : turned ? header.height() : header.width();
    int height = header == null ? decoded.getHeight() : turned ? header.width() : header.height();
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
    Map<String, List<String>> keywords = new LinkedHashMap<>();
    if (header != null) {
      keywords.put("format", List.of(header.format()));
    }
    if (exif.make() != null) {
      keywords.put("camera_make", List.of(exif.make()));
    }
    if (exif.model() != null) {
      keywords.put("camera_model", List.of(exif.model()));
    }
    return new PictureMetadata(Map.copyOf(out), Map.copyOf(keywords));
  }
}

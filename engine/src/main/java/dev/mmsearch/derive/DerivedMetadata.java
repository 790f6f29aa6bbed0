package dev.mmsearch.derive;

import dev.mmsearch.extract.Audio;
import dev.mmsearch.extract.ImageDecoder;
import java.awt.image.BufferedImage;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The metadata the indexer derives from an item's media, on its decode threads.
 *
 * <p>For a picture ({@link #ofPicture}). Numbers (range filters): its stored size and
 * look ({@link ImageStatistics}), file size, and what EXIF says about when and where it was taken
 * ({@link ExifFacts}) — {@code width height aspect megapixels brightness contrast saturation
 * colourfulness entropy sharpness file_bytes}, and when EXIF has them {@code taken} (seconds since
 * 1970 of the camera's local clock read as UTC), {@code taken_year}, {@code latitude},
 * {@code longitude}. Keywords (filters): {@code format}, and when EXIF has them {@code camera_make},
 * {@code camera_model}; with a palette space in the catalog, {@code palette}: its colours as
 * {@code #rrggbb}, largest share first ({@link #ofPalette}).
 *
 * <p>For a sound ({@link #ofSound}). Numbers: {@code duration} (seconds, the whole sound),
 * {@code sample_rate} (Hz, as decoded), {@code audio_file_bytes}. Keyword: {@code audio_format}
 * (the file's extension).
 *
 * @param numbers numeric metadata by key
 * @param keywords keyword metadata by key
 */
public record DerivedMetadata(Map<String, Double> numbers, Map<String, List<String>> keywords) {

  /** The keyword keys derived here: the indexer keeps them when a run does not decode the media. */
  public static final Set<String> KEYWORD_KEYS = Set.of("format", "camera_make", "camera_model", "palette", "audio_format",
      "video_format", "video_codec", ContentDigest.KEY, DerivedMetadata.TEXT_IN_PICTURE);

  /**
   * The keyword saying whether text was read in an item's picture: {@code yes} or {@code no}, on
   * every picture a catalog that reads pictures indexed ({@code dev.mmsearch.derive.ocr}); a facet
   * and a filter ("has text").
   */
  public static final String TEXT_IN_PICTURE = "text_in_picture";

  public static final DerivedMetadata NONE = new DerivedMetadata(Map.of(), Map.of());

  /**
   * The keyword naming what an item holds: {@code image}, {@code audio} (one per media file) and
   * {@code text} (a caption), set by the indexer on every item it writes; what the API's
   * {@code modalities} filter and the page's "pictures / sounds" row filter on.
   */
  public static final String MODALITY = "modality";

  /** The metadata of a picture from its encoded bytes and its decoded (possibly subsampled) pixels. */
  public static DerivedMetadata ofPicture(byte[] encoded, BufferedImage decoded) {
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
      out.put(dev.mmsearch.index.Item.LATITUDE, exif.latitude());
      out.put(dev.mmsearch.index.Item.LONGITUDE, exif.longitude());
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
    return new DerivedMetadata(Map.copyOf(out), Map.copyOf(keywords));
  }

  /** The metadata of a sound from its file's name and bytes and its decoded samples. */
  public static DerivedMetadata ofSound(String fileName, byte[] encoded, Audio decoded) {
    Map<String, Double> numbers = Map.of("duration", decoded.seconds(), "sample_rate", (double) decoded.sampleRate(),
        "audio_file_bytes", (double) encoded.length);
    int dot = fileName.lastIndexOf('.');
    Map<String, List<String>> keywords = dot < 0 || dot == fileName.length() - 1 ? Map.of()
        : Map.of("audio_format", List.of(fileName.substring(dot + 1).toLowerCase(Locale.ROOT)));
    return new DerivedMetadata(numbers, keywords);
  }

  /**
   * The metadata of a video from its container's and streams' description: duration (the key
   * sounds use too), frame size and rate, moments, file size; container and codec as keywords.
   *
   * @param container the container as the file's extension names it ({@code mp4}, {@code webm})
   */
  public static DerivedMetadata ofVideo(String container, String codec, int width, int height, double fps, double seconds,
      int moments, boolean sound, long bytes) {
    Map<String, Double> numbers = new LinkedHashMap<>();
    numbers.put("duration", seconds);
    numbers.put("width", (double) width);
    numbers.put("height", (double) height);
    numbers.put("aspect", height == 0 ? 0 : (double) width / height);
    numbers.put("fps", fps);
    numbers.put("moments", (double) moments);
    numbers.put("has_sound", sound ? 1.0 : 0.0);
    numbers.put("video_file_bytes", (double) bytes);
    Map<String, List<String>> keywords = new LinkedHashMap<>();
    if (container != null && !container.isEmpty()) {
      keywords.put("video_format", List.of(container.toLowerCase(Locale.ROOT)));
    }
    if (codec != null && !codec.isEmpty()) {
      keywords.put("video_codec", List.of(codec.toLowerCase(Locale.ROOT)));
    }
    return new DerivedMetadata(Map.copyOf(numbers), Map.copyOf(keywords));
  }

  /** A palette's colours as the {@code palette} keyword. */
  public static DerivedMetadata ofPalette(Palette palette) {
    return new DerivedMetadata(Map.of(), Map.of("palette", palette.hexColours()));
  }

  /** Both sets; {@code other}'s values win on a shared key. */
  public DerivedMetadata with(DerivedMetadata other) {
    Map<String, Double> n = new LinkedHashMap<>(numbers);
    n.putAll(other.numbers);
    Map<String, List<String>> k = new LinkedHashMap<>(keywords);
    k.putAll(other.keywords);
    return new DerivedMetadata(Map.copyOf(n), Map.copyOf(k));
  }
}

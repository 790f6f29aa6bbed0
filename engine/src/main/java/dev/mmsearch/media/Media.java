package dev.mmsearch.media;

import dev.mmsearch.catalog.Space;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.extract.AudioLimits;
import dev.mmsearch.extract.DecodeTarget;
import dev.mmsearch.extract.ImageLimits;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The media a process reads, configured for its spaces: images decoded at the size the image
 * encoders need (and a preview), sounds kept as long as the audio encoders read. Immutable.
 */
public final class Media {

  private final Map<Modality, Medium> byModality;

  private Media(List<Medium> media) {
    Map<Modality, Medium> m = new LinkedHashMap<>();
    media.forEach(x -> m.put(x.modality(), x));
    this.byModality = java.util.Collections.unmodifiableMap(m);
  }

  /** Every medium mmsearch knows, with these limits, decoding for {@code spaces} (and previews of {@code previewSize}). */
  public static Media of(Spaces spaces, ImageLimits images, AudioLimits sounds, int previewSize) {
    List<Encoder> encoders = new ArrayList<>();
    for (Space space : spaces.all()) {
      space.modalities().forEach(m -> encoders.add(space.encoder(m)));
    }
    return of(encoders, images, sounds, previewSize);
  }

  /**
   * Every medium mmsearch knows, with these limits, decoding for {@code encoders}: images at the
   * size the image encoders need (and previews of {@code previewSize}), sounds as long as the
   * audio encoders read.
   */
  public static Media of(Collection<Encoder> encoders, ImageLimits images, AudioLimits sounds, int previewSize) {
    return new Media(List.of(new ImageMedium(images, decodeTarget(encoders, previewSize)),
        new AudioMedium(keeping(encoders, sounds))));
  }

  /**
   * How large images need to be decoded for these image encoders (and a preview of {@code preview}
   * pixels): a few times the largest model input, within the decoder's raster bound. A model that
   * reads images at their own size gets full resolution within that bound.
   */
  static DecodeTarget decodeTarget(Collection<Encoder> encoders, int preview) {
    int side = 0;
    for (Encoder e : encoders) {
      if (e.modality() == Modality.IMAGE) {
        if (e.inputSide() == 0) {
          return new DecodeTarget(0, DecodeTarget.DEFAULT_MAX_PIXELS);
        }
        side = Math.max(side, e.inputSide());
      }
    }
    return DecodeTarget.forInputs(side, preview);
  }

  /**
   * The sound limits keeping what the audio encoders read (the most any of them reads: a first
   * window, or all of a sound, up to the duration limit, for one that pools windows); the given
   * limits without audio encoders.
   */
  static AudioLimits keeping(Collection<Encoder> encoders, AudioLimits sounds) {
    double keep = 0;
    for (Encoder e : encoders) {
      if (e.modality() == Modality.AUDIO) {
        keep = Math.max(keep, e.audioSeconds());
      }
    }
    return keep > 0 ? sounds.keeping(Math.min(keep, sounds.maxSeconds())) : sounds;
  }

  public List<Medium> all() {
    return List.copyOf(byModality.values());
  }

  /** The medium of a modality; empty for text (which arrives inline, not as a file). */
  public Optional<Medium> of(Modality modality) {
    return Optional.ofNullable(byModality.get(modality));
  }

  /** The medium a request or manifest names ({@code image}, {@code audio}); empty when none does. */
  public Optional<Medium> named(String name) {
    return byModality.values().stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /** The medium of a file, by extension; empty for other files. */
  public Optional<Medium> forFile(String fileName) {
    String ext = extension(fileName);
    return byModality.values().stream().filter(m -> m.extensions().contains(ext)).findFirst();
  }

  /**
   * The media type of each file extension, per file modality, in the order items list them: what
   * folder listing and the serving of originals need before (or without) any decoder.
   */
  private static final Map<Modality, Map<String, String>> FILE_TYPES = fileTypes();

  private static Map<Modality, Map<String, String>> fileTypes() {
    Map<Modality, Map<String, String>> types = new LinkedHashMap<>();
    types.put(Modality.IMAGE, ImageMedium.TYPES);
    types.put(Modality.AUDIO, AudioMedium.TYPES);
    return java.util.Collections.unmodifiableMap(types);
  }

  /** The modalities whose inputs are files (pictures, sounds), in the order items list them. */
  public static List<Modality> fileModalities() {
    return List.copyOf(FILE_TYPES.keySet());
  }

  /** The modality of a media file by its extension, or null. */
  public static Modality modalityOfFile(String fileName) {
    String ext = extension(fileName);
    return FILE_TYPES.entrySet().stream().filter(e -> e.getValue().containsKey(ext)).map(Map.Entry::getKey).findFirst()
        .orElse(null);
  }

  /** The file extensions of a file modality (lower case, no dot); empty for text. */
  public static java.util.Set<String> extensionsOf(Modality modality) {
    return FILE_TYPES.getOrDefault(modality, Map.of()).keySet();
  }

  /** The media type a media file is served with, by extension, or null for files that are not media. */
  public static String typeOfFile(String fileName) {
    Modality m = modalityOfFile(fileName);
    return m == null ? null : FILE_TYPES.get(m).get(extension(fileName));
  }

  private static String extension(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
  }

  /** Names of the media, for messages: "image, audio". */
  public String names() {
    return String.join(", ", byModality.values().stream().map(Medium::name).toList());
  }
}

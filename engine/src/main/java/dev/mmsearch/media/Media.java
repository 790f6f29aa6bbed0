package dev.mmsearch.media;

import dev.mmsearch.catalog.Space;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.Modality;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The media a process reads, configured for its spaces: images decoded at the size the image
 * encoders need (and a preview), sounds kept as long as the audio encoders read. Immutable.
 *
 * <p>Also the registry of file modalities ({@link #types()}): the only list naming them. To add
 * one: its {@link Modality}, its {@code EncoderInput}, a {@link Medium} with its {@link MediumType},
 * its limits record and decoder, and a line here.
 */
public final class Media {

  private final Map<Modality, Medium> byModality;

  private Media(List<Medium> media) {
    Map<Modality, Medium> m = new LinkedHashMap<>();
    media.forEach(x -> m.put(x.modality(), x));
    this.byModality = java.util.Collections.unmodifiableMap(m);
  }

  /** Every medium mmsearch knows, within {@code limits}, decoding for {@code spaces} (and previews of {@code previewSize}). */
  public static Media of(Spaces spaces, MediaLimits limits, int previewSize) {
    List<Encoder> encoders = new ArrayList<>();
    for (Space space : spaces.all()) {
      space.modalities().forEach(m -> encoders.add(space.encoder(m)));
    }
    return of(encoders, limits, previewSize);
  }

  /**
   * Every medium mmsearch knows, within {@code limits}, decoding what {@code encoders} read: images
   * at the size the image encoders need (and previews of {@code previewSize}), sounds as long as
   * the audio encoders read.
   */
  public static Media of(Collection<Encoder> encoders, MediaLimits limits, int previewSize) {
    return new Media(REGISTERED.stream().map(t -> t.factory().create(limits, encoders, previewSize)).toList());
  }

  /** These media as queries read them ({@link Medium#forQueries}): what the search API decodes uploads with. */
  public Media forQueries() {
    return new Media(byModality.values().stream().map(Medium::forQueries).toList());
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
   * The file modalities, in the order items list them: the one list a new file modality is added
   * to. Folder listing and the serving of originals read their file types before (or without) any
   * decoder.
   */
  private static final List<MediumType> REGISTERED = List.of(ImageMedium.TYPE, AudioMedium.TYPE, VideoMedium.TYPE);

  private static final Map<Modality, Map<String, String>> FILE_TYPES = fileTypes();

  private static Map<Modality, Map<String, String>> fileTypes() {
    Map<Modality, Map<String, String>> types = new LinkedHashMap<>();
    REGISTERED.forEach(t -> types.put(t.modality(), t.fileTypes()));
    return java.util.Collections.unmodifiableMap(types);
  }

  /** The registered file modalities, in the order items list them. */
  public static List<MediumType> types() {
    return REGISTERED;
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

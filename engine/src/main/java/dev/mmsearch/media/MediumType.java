package dev.mmsearch.media;

import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.Modality;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * A file modality as {@link Media} registers it, before any configuration: its modality, the
 * media type of each file extension (what folder listing and the serving of originals need
 * without a decoder), its default limits, and how to make its {@link Medium} for a process's
 * encoders. Each medium class declares its own ({@code ImageMedium.TYPE}).
 *
 * @param fileTypes the media type of each file extension (lower case, no dot)
 * @param defaultLimits the limits record used when {@link MediaLimits} gives none of its type
 * @param factory makes the medium
 */
public record MediumType(Modality modality, Map<String, String> fileTypes, Record defaultLimits, Factory factory) {

  /** Makes a medium that decodes what {@code encoders} read, within its limits, with previews of {@code previewSize}. */
  @FunctionalInterface
  public interface Factory {
    Medium create(MediaLimits limits, Collection<Encoder> encoders, int previewSize);
  }

  public MediumType {
    Objects.requireNonNull(modality, "modality");
    fileTypes = Map.copyOf(fileTypes);
    Objects.requireNonNull(defaultLimits, "defaultLimits");
    Objects.requireNonNull(factory, "factory");
    if (fileTypes.isEmpty()) {
      throw new IllegalArgumentException("a file modality needs file types: " + modality.id());
    }
  }
}

package dev.mmsearch.catalog;

import dev.mmsearch.encode.Modality;
import dev.mmsearch.index.VectorFormat;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One space as the catalog declares it, before any model is loaded.
 *
 * @param name space name, the first part of its field names ({@code clip} → {@code clip.image})
 * @param folders model folder per modality; a folder with several towers serves several modalities
 * @param model a folder serving every modality it has, or null when {@code folders} lists them
 * @param derived the name of a derived encoder ({@code palette}) instead of model folders, or null
 */
public record SpaceConfig(
    String name, Path model, Map<Modality, Path> folders, String derived, VectorFormat format, int m, int beamWidth, int oversample) {

  public SpaceConfig {
    if (model == null && folders.isEmpty() && derived == null) {
      throw new IllegalArgumentException("space '" + name + "' needs \"model\", \"encoders\" or \"derived\"");
    }
    folders = folders.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(folders));
  }
}

package dev.mmsearch.derive;

import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.Modality;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The derived encoders a catalog can name instead of a model folder ({@code "derived": "palette"}):
 * vectors computed from the media themselves, as 4M-21 derives pseudo-labels at index time.
 */
public final class DerivedEncoders {

  private static final Map<String, Map<Modality, Supplier<Encoder>>> KNOWN = Map.of(
      "palette", Map.of(Modality.IMAGE, PaletteEncoder::new),
      "signature", SignatureEncoder.pictures(),
      "soundprint", SignatureEncoder.sounds());

  private DerivedEncoders() {}

  /** The encoders of derived space {@code name}, per modality. */
  public static Map<Modality, Encoder> load(String name) {
    Map<Modality, Supplier<Encoder>> factories = KNOWN.get(name);
    if (factories == null) {
      throw new IllegalArgumentException("unknown derived encoder '" + name + "' (known: " + names() + ")");
    }
    Map<Modality, Encoder> out = new EnumMap<>(Modality.class);
    factories.forEach((m, f) -> out.put(m, f.get()));
    return out;
  }

  public static Set<String> names() {
    return new TreeSet<>(KNOWN.keySet());
  }
}

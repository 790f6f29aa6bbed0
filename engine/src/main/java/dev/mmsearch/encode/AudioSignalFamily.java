package dev.mmsearch.encode;

import java.util.Map;
import java.util.Set;

/**
 * Sound described by signal statistics computed in Java (log-mel, MFCCs, spectral shape, envelope;
 * {@link SignalFeatures}), with no graph: its settings are the manifest's {@code audio} block, and
 * an adapter maps the statistics into a space.
 */
final class AudioSignalFamily implements ModelFamily {

  @Override
  public String id() {
    return "audio-signal";
  }

  @Override
  public Map<Modality, String> graphNames() {
    return Map.of();
  }

  @Override
  public Set<Modality> modalities() {
    return Set.of(Modality.AUDIO);
  }

  @Override
  public Encoder load(ModelFolder folder, Modality modality, EncoderOptions options, boolean adapted) {
    if (modality != Modality.AUDIO) {
      throw new ModelException(folder.dir() + ": " + id() + " model has no " + modality.id() + " tower (has: audio)");
    }
    if (adapted && !folder.hasAdapter()) {
      throw ModelException.inFile(folder.dir().resolve(ModelFolder.MANIFEST),
          id() + " needs an \"adapter\" mapping its signal features into a space");
    }
    try {
      SignalFeatures features = SignalFeatures.fromConfig(folder.tower(Modality.AUDIO));
      Adapter adapter = adapted ? folder.adapter() : null;
      return new SignalFeatureEncoder(features, adapter, folder.normalize(), folder.identity());
    } catch (IllegalArgumentException e) {
      throw ModelException.inFile(folder.dir().resolve(ModelFolder.MANIFEST), e.getMessage(), e);
    }
  }

  /** An adapted folder still computes the statistics: it keeps its family. */
  @Override
  public ModelFamily adaptedAs(Modality tower) {
    return this;
  }

  /** Loudness, pitch and spectral statistics have unlike scales: an adapter standardises them. */
  @Override
  public boolean standardisesFeatures() {
    return true;
  }

  @Override
  public String toString() {
    return id();
  }
}

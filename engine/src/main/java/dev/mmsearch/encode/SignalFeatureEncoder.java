package dev.mmsearch.encode;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link AudioSignalFamily} encoder: {@link SignalFeatures} of a sound, mapped into a
 * space by a trained {@link Adapter}. No ONNX session; preparing a sound (resampling, spectrogram,
 * statistics) is the work, done off the inference thread like image resizing. Without an adapter it
 * gives the raw statistics, which is what adapter training reads ({@link ModelFolder#loadFeatures}).
 */
final class SignalFeatureEncoder implements Encoder {

  private final SignalFeatures features;
  private final Adapter adapter;
  private final boolean normalize;
  private final ModelIdentity identity;

  /** @param adapter maps the statistics into a space; null gives the raw statistics (not normalised) */
  SignalFeatureEncoder(SignalFeatures features, Adapter adapter, boolean normalize, ModelIdentity identity) {
    if (adapter != null && adapter.inputDimension() != features.dimension()) {
      throw new IllegalArgumentException("adapter takes " + adapter.inputDimension() + "-d features but " + features
          + " gives " + features.dimension());
    }
    this.features = features;
    this.adapter = adapter;
    this.normalize = normalize && adapter != null;
    this.identity = identity;
  }

  @Override
  public Modality modality() {
    return Modality.AUDIO;
  }

  @Override
  public int dimension() {
    return adapter == null ? features.dimension() : adapter.outputDimension();
  }

  @Override
  public Similarity similarity() {
    return normalize ? Similarity.COSINE : Similarity.DOT_PRODUCT;
  }

  @Override
  public ModelIdentity identity() {
    return identity;
  }

  @Override
  public java.util.Optional<InputNeed> reads() {
    return java.util.Optional.of(new InputNeed.SoundSeconds(features.seconds()));
  }

  @Override
  public EncoderInput prepare(EncoderInput input) {
    if (input instanceof EncoderInput.Audio a) {
      float[] wave = SincResampler.resample(a.audio().samples(), a.audio().sampleRate(), features.sampleRate());
      float[] f = features.extract(wave);
      return new EncoderInput.PreparedAudio(f, 1, 1, f.length, false, features);
    }
    if (input instanceof EncoderInput.PreparedAudio p && !features.equals(p.preparedBy())) {
      throw new IllegalArgumentException("sound was prepared by another encoder than " + identity.name());
    }
    return input;
  }

  @Override
  public boolean accepts(EncoderInput prepared) {
    return !(prepared instanceof EncoderInput.Prepared p) || features.equals(p.preparedBy());
  }

  /** The signal statistics alone (what the adapter reads), for training. */
  float[] describe(EncoderInput input) {
    return ((EncoderInput.PreparedAudio) prepare(input)).features();
  }

  @Override
  public List<float[]> encode(List<? extends EncoderInput> inputs, Role role) {
    List<float[]> out = new ArrayList<>(inputs.size());
    for (EncoderInput in : inputs) {
      if (in.modality() != Modality.AUDIO) {
        throw new IllegalArgumentException(identity.name() + " encodes audio inputs, got: " + in.modality().id());
      }
      float[] v = adapter == null ? describe(in) : adapter.apply(describe(in));
      out.add(normalize ? Adapter.unit(v) : v);
    }
    return out;
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "SignalFeatureEncoder(" + identity + ", " + features + ", dim=" + dimension() + ")";
  }
}

package dev.mmsearch.encode;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Audio tower of CLAP-like models: resamples a sound to the model's rate ({@link SincResampler}),
 * turns it into log-mel features ({@link ClapFeatureExtractor}), and feeds {@code input_features}
 * ({@code [batch, channels, frames, mels]}, or rank 3 for one channel) and, where the graph asks
 * for it, {@code is_longer} ({@code [batch, 1]} booleans, fused models).
 */
final class AudioEncoder extends OnnxEncoder {

  static final String INPUT_FEATURES = "input_features";
  static final String IS_LONGER = "is_longer";
  private static final Set<String> KNOWN_INPUTS = Set.of(INPUT_FEATURES, IS_LONGER);

  private final ClapFeatureExtractor extractor;
  private final int rank;
  private final boolean feedsIsLonger;

  AudioEncoder(OnnxModel model, ClapFeatureExtractor extractor, EmbeddingHead head, ModelIdentity identity, EncoderOptions options) {
    super(model, head, identity, options);
    OnnxModel.Port features = model.requireInput(INPUT_FEATURES);
    Set<String> unknown = model.unknownInputs(KNOWN_INPUTS);
    if (!unknown.isEmpty()) {
      throw ModelException.inFile(model.file(), "audio model has inputs this encoder cannot feed: " + unknown
          + " (supported: " + KNOWN_INPUTS + ")");
    }
    if (features.type() != OnnxJavaType.FLOAT || (features.rank() != 4 && features.rank() != 3)) {
      throw ModelException.inFile(model.file(), "'" + INPUT_FEATURES + "' must be a float tensor [batch, channels, frames, mels]"
          + " or [batch, frames, mels], got: " + features.type() + " " + Arrays.toString(features.shape()));
    }
    long[] s = features.shape();
    long channels = features.rank() == 4 ? s[1] : 1;
    if (channels > 0 && channels != extractor.channels()) {
      throw ModelException.inFile(model.file(), "'" + INPUT_FEATURES + "' takes " + channels + " channel(s) but the feature"
          + " extractor makes " + extractor.channels() + " (check 'truncation' in preprocessor_config.json)");
    }
    this.rank = features.rank();
    this.feedsIsLonger = model.inputs().containsKey(IS_LONGER);
    this.extractor = extractor;
  }

  @Override
  public Modality modality() {
    return Modality.AUDIO;
  }

  @Override
  public java.util.Optional<InputNeed> reads() {
    return java.util.Optional.of(new InputNeed.SoundSeconds(
        extractor.readsWholeSound() ? Double.POSITIVE_INFINITY : extractor.seconds()));
  }

  @Override
  public EncoderInput prepare(EncoderInput input) {
    if (input instanceof EncoderInput.Audio a) {
      float[] wave = SincResampler.resample(a.audio().samples(), a.audio().sampleRate(), extractor.sampleRate());
      ClapFeatureExtractor.Features f = extractor.extract(wave);
      return new EncoderInput.PreparedAudio(f.data(), f.channels(), f.frames(), f.mels(), f.longer(), extractor);
    }
    if (input instanceof EncoderInput.PreparedAudio p && !extractor.equals(p.preparedBy())) {
      throw new IllegalArgumentException("sound was prepared by another encoder than " + identity().name());
    }
    return input;
  }

  @Override
  public boolean accepts(EncoderInput prepared) {
    return !(prepared instanceof EncoderInput.Prepared p) || extractor.equals(p.preparedBy());
  }

  @Override
  List<float[]> featuresBatch(List<? extends EncoderInput> batch, Role role) {
    EncoderInput.PreparedAudio first = (EncoderInput.PreparedAudio) prepare(batch.getFirst());
    int per = first.features().length;
    float[] data = new float[batch.size() * per];
    byte[] longer = new byte[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      EncoderInput.PreparedAudio p = (EncoderInput.PreparedAudio) prepare(batch.get(i));
      System.arraycopy(p.features(), 0, data, i * per, per);
      longer[i] = (byte) (p.longer() ? 1 : 0);
    }
    long[] shape = rank == 4 ? new long[] {batch.size(), first.channels(), first.frames(), first.bins()}
        : new long[] {batch.size(), first.frames(), first.bins()};
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      feed.put(INPUT_FEATURES, OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape));
      if (feedsIsLonger) {
        feed.put(IS_LONGER, OnnxTensor.createTensor(env, ByteBuffer.wrap(longer), new long[] {batch.size(), 1}, OnnxJavaType.BOOL));
      }
    } catch (OrtException e) {
      feed.values().forEach(OnnxTensor::close);
      throw new IllegalStateException("cannot build audio tensors: " + e.getMessage(), e);
    }
    return head.features(model.run(feed, head.output()), null);
  }

  /** One graph, one output and pooling, one feature extractor: the same features. */
  private record SharingKey(OnnxModel model, String output, Pooling pooling, ClapFeatureExtractor extractor) {}

  @Override
  Object sharingKey() {
    return new SharingKey(model, head.output(), head.pooling(), extractor);
  }
}

package dev.mmsearch.encode;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Vision tower of any family: CLIP and SigLIP vision models, DINOv2, plain feature extractors. Feeds
 * {@code pixel_values} in the layout the graph declares (channels first or last) and pools the
 * configured output.
 */
final class ImageEncoder extends OnnxEncoder {

  static final String PIXEL_VALUES = "pixel_values";

  private final PixelPreprocessor preprocessor;
  private final boolean channelsFirst;

  ImageEncoder(OnnxModel model, PixelPreprocessor preprocessor, EmbeddingHead head, ModelIdentity identity,
      EncoderOptions options) {
    super(model, head, identity, options);
    if (model.inputs().size() != 1) {
      throw ModelException.inFile(model.file(), "vision model must have exactly one input ('" + PIXEL_VALUES
          + "'). Model contains inputs: " + model.inputs().keySet());
    }
    OnnxModel.Port pixels = model.inputs().values().iterator().next();
    if (pixels.type() != OnnxJavaType.FLOAT || pixels.rank() != 4) {
      throw ModelException.inFile(model.file(), "vision input '" + pixels.name() + "' must be a rank-4 float tensor, got: "
          + pixels.type() + " " + Arrays.toString(pixels.shape()));
    }
    long[] s = pixels.shape();
    if (s[1] == 3) {
      channelsFirst = true;
    } else if (s[3] == 3) {
      channelsFirst = false;
    } else {
      throw ModelException.inFile(model.file(), "cannot tell channel layout of '" + pixels.name() + "' with shape "
          + Arrays.toString(s) + ": expected [batch, 3, height, width] or [batch, height, width, 3]");
    }
    this.preprocessor = preprocessor;
  }

  @Override
  public Modality modality() {
    return Modality.IMAGE;
  }

  @Override
  public EncoderInput prepare(EncoderInput input) {
    if (input instanceof EncoderInput.Image image) {
      BufferedImage img = image.image();
      int[] size = preprocessor.outputSize(img.getWidth(), img.getHeight());
      return new EncoderInput.PreparedImage(preprocessor.resizeAndCrop(img), size[0], size[1], preprocessor);
    }
    if (input instanceof EncoderInput.PreparedImage p && !preprocessor.equals(p.preparedBy())) {
      throw new IllegalArgumentException("image was prepared by another encoder than " + identity().name());
    }
    return input;
  }

  @Override
  public boolean accepts(EncoderInput prepared) {
    return !(prepared instanceof EncoderInput.Prepared p) || preprocessor.equals(p.preparedBy());
  }

  @Override
  List<float[]> featuresBatch(List<? extends EncoderInput> batch, Role role) {
    List<EncoderInput.PreparedImage> prepared = new ArrayList<>(batch.size());
    for (EncoderInput in : batch) {
      prepared.add((EncoderInput.PreparedImage) prepare(in));
    }
    // Images batch together only when they preprocess to the same size (always, with a crop or
    // fixed size; not with shortest-edge resizing alone).
    Map<List<Integer>, List<Integer>> bySize = new LinkedHashMap<>();
    for (int i = 0; i < prepared.size(); i++) {
      bySize.computeIfAbsent(List.of(prepared.get(i).width(), prepared.get(i).height()), k -> new ArrayList<>()).add(i);
    }
    float[][] out = new float[batch.size()][];
    for (Map.Entry<List<Integer>, List<Integer>> group : bySize.entrySet()) {
      int w = group.getKey().get(0);
      int h = group.getKey().get(1);
      List<Integer> members = group.getValue();
      int per = 3 * w * h;
      float[] data = new float[members.size() * per];
      for (int j = 0; j < members.size(); j++) {
        preprocessor.normalize(prepared.get(members.get(j)).rgb(), w, h, channelsFirst, data, j * per);
      }
      long[] shape = channelsFirst ? new long[] {members.size(), 3, h, w} : new long[] {members.size(), h, w, 3};
      List<float[]> vectors = run(data, shape);
      for (int j = 0; j < members.size(); j++) {
        out[members.get(j)] = vectors.get(j);
      }
    }
    return Arrays.asList(out);
  }

  private List<float[]> run(float[] data, long[] shape) {
    String input = model.inputs().keySet().iterator().next();
    OnnxTensor tensor;
    try {
      tensor = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(data), shape);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot build pixel tensor: " + e.getMessage(), e);
    }
    return head.features(model.run(new java.util.HashMap<>(Map.of(input, tensor)), head.output()), null);
  }

  /** One graph, one output and pooling, one preprocessing: the same features. */
  private record SharingKey(OnnxModel model, String output, Pooling pooling, PixelPreprocessor preprocessor) {}

  @Override
  Object sharingKey() {
    return new SharingKey(model, head.output(), head.pooling(), preprocessor);
  }

  @Override
  public java.util.Optional<InputNeed> reads() {
    return java.util.Optional.of(new InputNeed.PictureSide(preprocessor.inputSide()));
  }

  PixelPreprocessor preprocessor() {
    return preprocessor;
  }
}

package dev.mmsearch.encode;

import dev.mmsearch.extract.ImageDecoder;
import dev.mmsearch.extract.ImageLimits;
import dev.mmsearch.testing.TestModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** Runs the encoder contract over every tower of every test family. */
class EncoderFamiliesTest {

  private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULTS);

  static List<EncoderInput> texts() {
    return List.of(new EncoderInput.Text("a photo of a cat"), new EncoderInput.Text("red bicycle"),
        new EncoderInput.Text(""), new EncoderInput.Text("snowy mountains and a frozen lake at dawn"));
  }

  static List<EncoderInput> images() throws Exception {
    List<EncoderInput> in = new ArrayList<>();
    for (String f : List.of("photo.png", "tall-alpha.png", "small.png")) {
      in.add(new EncoderInput.Image(DECODER.decode(TestModels.reference(f))));
    }
    return in;
  }

  static List<EncoderInput> sounds() throws Exception {
    dev.mmsearch.extract.AudioDecoder d = new dev.mmsearch.extract.AudioDecoder(dev.mmsearch.extract.AudioLimits.DEFAULTS);
    List<EncoderInput> in = new ArrayList<>();
    for (String f : List.of("chord.wav", "speech.wav", "long.wav", "chord.flac")) {
      in.add(new EncoderInput.Audio(d.decode(TestModels.reference("audio/" + f))));
    }
    return in;
  }

  abstract static class AudioTower extends AbstractEncoderTestCase {
    abstract String model();

    @Override
    protected Encoder newEncoder() {
      return ModelFolder.open(TestModels.model(model())).load(Modality.AUDIO, EncoderOptions.DEFAULTS);
    }

    @Override
    protected List<EncoderInput> inputs() throws Exception {
      return sounds().subList(0, 3);
    }

    @Override
    protected EncoderInput foreignInput() {
      return texts().getFirst();
    }
  }

  @Nested
  class ClapAudio extends AudioTower {
    @Override
    String model() {
      return "clap-tiny";
    }
  }

  @Nested
  class ClapFusedAudio extends AudioTower {
    @Override
    String model() {
      return "clap-fused-tiny";
    }
  }

  /** The starter bundle's audio encoder: signal statistics and an adapter, no ONNX graph. */
  @Nested
  class BundleSignalAudio extends AudioTower {
    @Override
    String model() {
      return "bind-audio";
    }

    @Override
    protected Encoder newEncoder() {
      return ModelFolder.open(TestModels.bundle("bind-audio")).load(Modality.AUDIO, EncoderOptions.DEFAULTS);
    }
  }

  @Nested
  class ClapText extends TextTower {
    @Override
    String model() {
      return "clap-tiny";
    }
  }

  abstract static class TextTower extends AbstractEncoderTestCase {
    abstract String model();

    @Override
    protected Encoder newEncoder() {
      return ModelFolder.open(TestModels.model(model())).load(Modality.TEXT, EncoderOptions.DEFAULTS);
    }

    @Override
    protected List<EncoderInput> inputs() {
      return texts();
    }

    @Override
    protected EncoderInput foreignInput() throws Exception {
      return images().getFirst();
    }
  }

  abstract static class ImageTower extends AbstractEncoderTestCase {
    abstract String model();

    @Override
    protected Encoder newEncoder() {
      return ModelFolder.open(TestModels.model(model())).load(Modality.IMAGE, EncoderOptions.DEFAULTS);
    }

    @Override
    protected List<EncoderInput> inputs() throws Exception {
      return images();
    }

    @Override
    protected EncoderInput foreignInput() {
      return texts().getFirst();
    }
  }

  @Nested
  class ClipText extends TextTower {
    @Override
    String model() {
      return "clip-tiny";
    }
  }

  @Nested
  class ClipImage extends ImageTower {
    @Override
    String model() {
      return "clip-tiny";
    }
  }

  @Nested
  class SiglipText extends TextTower {
    @Override
    String model() {
      return "siglip-tiny";
    }
  }

  @Nested
  class SiglipImage extends ImageTower {
    @Override
    String model() {
      return "siglip-tiny";
    }
  }

  @Nested
  class Dinov2Image extends ImageTower {
    @Override
    String model() {
      return "dinov2-tiny";
    }
  }

  @Nested
  class MiniLmText extends TextTower {
    @Override
    String model() {
      return "minilm-tiny";
    }
  }

  @Nested
  class BgeText extends TextTower {
    @Override
    String model() {
      return "bge-tiny";
    }

    @Override
    protected boolean asymmetric() {
      return true;
    }
  }
}

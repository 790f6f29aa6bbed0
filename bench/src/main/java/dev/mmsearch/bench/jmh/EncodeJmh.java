package dev.mmsearch.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.encode.ModelFolder;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.PixelPreprocessor;
import dev.mmsearch.encode.Role;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Query-side model work of the starter bundle (run from the repository root, or set
 * {@code -Dmmsearch.bundle=DIR}): a text query through bge-small (tokenisation + ONNX, one thread,
 * as the API runs it), and a decoded 640 × 480 picture turned into the image backbone's input
 * tensor (resize and normalisation, the Java side of an image query).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EncodeJmh {

  private Encoder text;
  private PixelPreprocessor preprocessor;
  private BufferedImage picture;
  private final String[] queries = {"a red bicycle against a wall", "bright colourful landscape", "an orange star on a pink background",
      "a cat sleeping on a sofa"};
  private int next;

  @Setup
  public void load() throws IOException {
    Path bundle = Path.of(System.getProperty("mmsearch.bundle", "models/bundle"));
    text = ModelFolder.open(bundle.resolve("bge-small-en-v1.5")).load(Modality.TEXT, new EncoderOptions(1, 1, 1));
    preprocessor = PixelPreprocessor.fromConfig(new ObjectMapper().readTree(
        bundle.resolve("image-backbone").resolve("preprocessor_config.json").toFile()));
    Random r = new Random(2);
    picture = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = picture.createGraphics();
    for (int i = 0; i < 60; i++) {
      g.setColor(new Color(r.nextInt(0x1000000)));
      g.fillRect(r.nextInt(640), r.nextInt(480), 20 + r.nextInt(200), 20 + r.nextInt(200));
    }
    g.dispose();
  }

  @Benchmark
  public float[] textQuery() {
    return text.encode(List.of(new EncoderInput.Text(queries[next++ & 3])), Role.QUERY).getFirst();
  }

  @Benchmark
  public float[] imagePreprocessing() {
    return preprocessor.toTensor(picture);
  }

  @TearDown
  public void close() {
    text.close();
  }
}

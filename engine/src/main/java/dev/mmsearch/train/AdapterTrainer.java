package dev.mmsearch.train;

import dev.mmsearch.encode.Adapter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.lucene.util.VectorUtil;

/**
 * Learns an {@link Adapter} that maps media features (a picture's, a sound's) into a frozen text
 * space with a symmetric contrastive (InfoNCE) loss, LiT-style, on the CPU. Pairs with identical captions count as
 * positives of each other, so duplicate captions (common in real collections) do not teach the
 * model to separate identical meanings.
 *
 * <p>Plain Java with Lucene's SIMD dot products: a linear 1792→384 adapter on a few thousand pairs
 * trains in about a minute on two cores. Not thread-safe; one trainer per run.
 */
public final class AdapterTrainer {

  /**
   * @param hidden width of the hidden layer, or 0 for a linear adapter
   * @param temperature softmax temperature of the contrastive logits
   */
  public record Options(int epochs, int batchSize, double learningRate, double temperature, int hidden, double weightDecay, long seed) {
    public Options {
      if (epochs < 1 || batchSize < 2 || !(learningRate > 0) || !(temperature > 0) || hidden < 0 || weightDecay < 0) {
        throw new IllegalArgumentException("invalid training options: " + this);
      }
    }

    public static Options defaults() {
      return new Options(20, 256, 1e-3, 0.05, 0, 1e-4, 42);
    }
  }

  /** One training example: the medium's features, the caption's embedding, and the caption (for positives). */
  public record Pair(float[] features, float[] text, String caption) {}

  /** One dense layer {@code y = W x + b} with its Adam state. */
  private static final class Layer {
    final int in;
    final int out;
    final float[][] w;
    final float[] b;
    final float[][] mw;
    final float[][] vw;
    final float[] mb;
    final float[] vb;
    float[][] gw;
    float[] gb;

    Layer(int in, int out, Random r) {
      this.in = in;
      this.out = out;
      w = new float[out][in];
      b = new float[out];
      double scale = Math.sqrt(2.0 / (in + out));
      for (float[] row : w) {
        for (int i = 0; i < in; i++) {
          row[i] = (float) (r.nextGaussian() * scale);
        }
      }
      mw = new float[out][in];
      vw = new float[out][in];
      mb = new float[out];
      vb = new float[out];
    }

    float[][] forward(float[][] x) {
      float[][] y = new float[x.length][out];
      for (int n = 0; n < x.length; n++) {
        for (int o = 0; o < out; o++) {
          y[n][o] = b[o] + VectorUtil.dotProduct(w[o], x[n]);
        }
      }
      return y;
    }

    /** Accumulates gradients for {@code dy} and returns the gradient w.r.t. the input. */
    float[][] backward(float[][] x, float[][] dy) {
      gw = new float[out][in];
      gb = new float[out];
      float[][] dx = new float[x.length][in];
      for (int n = 0; n < x.length; n++) {
        for (int o = 0; o < out; o++) {
          float g = dy[n][o];
          if (g == 0) {
            continue;
          }
          gb[o] += g;
          float[] gwo = gw[o];
          float[] wo = w[o];
          float[] xn = x[n];
          float[] dxn = dx[n];
          for (int i = 0; i < in; i++) {
            gwo[i] += g * xn[i];
            dxn[i] += g * wo[i];
          }
        }
      }
      return dx;
    }

    void adam(double lr, double decay, int step) {
      double b1 = 0.9;
      double b2 = 0.999;
      double c1 = 1 - Math.pow(b1, step);
      double c2 = 1 - Math.pow(b2, step);
      for (int o = 0; o < out; o++) {
        for (int i = 0; i < in; i++) {
          float g = gw[o][i];
          mw[o][i] = (float) (b1 * mw[o][i] + (1 - b1) * g);
          vw[o][i] = (float) (b2 * vw[o][i] + (1 - b2) * g * g);
          w[o][i] -= (float) (lr * ((mw[o][i] / c1) / (Math.sqrt(vw[o][i] / c2) + 1e-8) + decay * w[o][i]));
        }
        float g = gb[o];
        mb[o] = (float) (b1 * mb[o] + (1 - b1) * g);
        vb[o] = (float) (b2 * vb[o] + (1 - b2) * g * g);
        b[o] -= (float) (lr * (mb[o] / c1) / (Math.sqrt(vb[o] / c2) + 1e-8));
      }
    }

    float[] flatWeights() {
      float[] f = new float[out * in];
      for (int o = 0; o < out; o++) {
        System.arraycopy(w[o], 0, f, o * in, in);
      }
      return f;
    }
  }

  private final Options options;

  public AdapterTrainer(Options options) {
    this.options = options;
  }

  /** Trains on {@code pairs}; {@code log} receives one line per epoch with the mean loss. */
  public Adapter train(List<Pair> pairs, Consumer<String> log) {
    if (pairs.size() < 2) {
      throw new IllegalArgumentException("need at least 2 captioned inputs to train, got: " + pairs.size());
    }
    int inDim = pairs.getFirst().features().length;
    int outDim = pairs.getFirst().text().length;
    Random r = new Random(options.seed());
    List<Layer> layers = new ArrayList<>();
    if (options.hidden() > 0) {
      layers.add(new Layer(inDim, options.hidden(), r));
      layers.add(new Layer(options.hidden(), outDim, r));
    } else {
      layers.add(new Layer(inDim, outDim, r));
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      order.add(i);
    }
    int step = 0;
    for (int epoch = 1; epoch <= options.epochs(); epoch++) {
      Collections.shuffle(order, r);
      double lossSum = 0;
      int batches = 0;
      for (int from = 0; from + 1 < order.size(); from += options.batchSize()) {
        List<Pair> batch = new ArrayList<>();
        for (int i = from; i < Math.min(order.size(), from + options.batchSize()); i++) {
          batch.add(pairs.get(order.get(i)));
        }
        lossSum += step(layers, batch, ++step);
        batches++;
      }
      log.accept(String.format("epoch %d/%d: loss %.4f", epoch, options.epochs(), lossSum / batches));
    }
    float[][] w = new float[layers.size()][];
    float[][] b = new float[layers.size()][];
    int[] in = new int[layers.size()];
    int[] out = new int[layers.size()];
    for (int l = 0; l < layers.size(); l++) {
      w[l] = layers.get(l).flatWeights();
      b[l] = layers.get(l).b.clone();
      in[l] = layers.get(l).in;
      out[l] = layers.get(l).out;
    }
    return new Adapter(w, b, in, out);
  }

  /** One Adam step on a batch; returns the batch loss. */
  private double step(List<Layer> layers, List<Pair> batch, int step) {
    int n = batch.size();
    float[][] x = new float[n][];
    float[][] t = new float[n][];
    for (int i = 0; i < n; i++) {
      x[i] = Adapter.unit(batch.get(i).features());
      t[i] = batch.get(i).text();
    }
    // Forward: layers (ReLU between), then L2 normalisation.
    List<float[][]> inputs = new ArrayList<>();
    float[][] h = x;
    for (int l = 0; l < layers.size(); l++) {
      inputs.add(h);
      h = layers.get(l).forward(h);
      if (l < layers.size() - 1) {
        for (float[] row : h) {
          for (int i = 0; i < row.length; i++) {
            row[i] = Math.max(0f, row[i]);
          }
        }
      }
    }
    float[][] z = h;
    float[] norms = new float[n];
    float[][] u = new float[n][];
    for (int i = 0; i < n; i++) {
      norms[i] = (float) Math.sqrt(Math.max(1e-12, VectorUtil.dotProduct(z[i], z[i])));
      u[i] = new float[z[i].length];
      for (int d = 0; d < z[i].length; d++) {
        u[i][d] = z[i][d] / norms[i];
      }
    }
    // Logits and targets: identical captions are positives of each other.
    double invT = 1.0 / options.temperature();
    double[][] s = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        s[i][j] = VectorUtil.dotProduct(u[i], t[j]) * invT;
      }
    }
    Map<String, Integer> counts = new HashMap<>();
    batch.forEach(p -> counts.merge(p.caption(), 1, Integer::sum));
    double[][] ds = new double[n][n];
    double loss = 0;
    for (int i = 0; i < n; i++) {
      double[] rowP = softmax(s[i]);
      double[] col = new double[n];
      for (int j = 0; j < n; j++) {
        col[j] = s[j][i];
      }
      double[] colP = softmax(col);
      double positives = counts.get(batch.get(i).caption());
      for (int j = 0; j < n; j++) {
        double target = batch.get(i).caption().equals(batch.get(j).caption()) ? 1.0 / positives : 0.0;
        if (target > 0) {
          loss -= 0.5 * target * (Math.log(rowP[j] + 1e-12) + Math.log(colP[j] + 1e-12));
        }
        // image i → texts (row i), text i → images (column i)
        ds[i][j] += 0.5 * (rowP[j] - target) / n;
        ds[j][i] += 0.5 * (colP[j] - target) / n;
      }
    }
    // Back through the logits and the normalisation.
    float[][] dz = new float[n][];
    for (int i = 0; i < n; i++) {
      float[] du = new float[u[i].length];
      for (int j = 0; j < n; j++) {
        float g = (float) (ds[i][j] * invT);
        if (g != 0) {
          for (int d = 0; d < du.length; d++) {
            du[d] += g * t[j][d];
          }
        }
      }
      float proj = VectorUtil.dotProduct(u[i], du);
      dz[i] = new float[du.length];
      for (int d = 0; d < du.length; d++) {
        dz[i][d] = (du[d] - u[i][d] * proj) / norms[i];
      }
    }
    float[][] grad = dz;
    for (int l = layers.size() - 1; l >= 0; l--) {
      float[][] in = inputs.get(l);
      grad = layers.get(l).backward(in, grad);
      if (l > 0) {
        // ReLU of the previous layer: its output is this layer's input.
        for (int i = 0; i < n; i++) {
          for (int d = 0; d < grad[i].length; d++) {
            if (in[i][d] <= 0) {
              grad[i][d] = 0;
            }
          }
        }
      }
    }
    for (Layer layer : layers) {
      layer.adam(options.learningRate(), options.weightDecay(), step);
    }
    return loss / n;
  }

  private static double[] softmax(double[] v) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      max = Math.max(max, x);
    }
    double sum = 0;
    double[] e = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      e[i] = Math.exp(v[i] - max);
      sum += e[i];
    }
    for (int i = 0; i < v.length; i++) {
      e[i] /= sum;
    }
    return e;
  }
}

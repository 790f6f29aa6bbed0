import ai.onnxruntime.*;
import java.awt.Color; import java.awt.Graphics2D; import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.*;
import java.nio.FloatBuffer;
import java.nio.file.*;
import java.util.*;
import javax.imageio.ImageIO;

/**
 * The int8 backbone experiment of docs/benchmarks.md ("Picture queries, stage by stage"), outside the
 * product: pictures are scaled to 256 x 256 by Java2D on white, not by the product's preprocessor.
 *
 * <pre>
 * java -cp onnxruntime-1.29.0.jar Int8Backbone.java calib CALIB_MODEL PICTURES RANGES   # min/max of each tensor named in NAMES
 * java -cp onnxruntime-1.29.0.jar Int8Backbone.java cmp FP32_MODEL PICTURES INT8_MODEL THREADS
 * </pre>
 *
 * {@code calib} reads the tensor names from the file named by the {@code names} property; {@code cmp}
 * runs both graphs on each picture twice (the first round warms up) and prints the p50 of one pass
 * each and the cosine between their outputs.
 */
public class Int8Backbone {
  static float[] pixels(Path p) throws IOException {
    BufferedImage src = ImageIO.read(p.toFile());
    BufferedImage img = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE); g.fillRect(0, 0, 256, 256);
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.drawImage(src, 0, 0, 256, 256, null); g.dispose();
    float[] f = new float[256 * 256 * 3];
    for (int y = 0; y < 256; y++) for (int x = 0; x < 256; x++) {
      int rgb = img.getRGB(x, y); int i = (y * 256 + x) * 3;
      f[i] = ((rgb >> 16) & 255) / 255f; f[i + 1] = ((rgb >> 8) & 255) / 255f; f[i + 2] = (rgb & 255) / 255f;
    }
    return f;
  }
  static OrtSession session(OrtEnvironment env, String model, int threads) throws OrtException {
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    so.setIntraOpNumThreads(threads);
    so.setInterOpNumThreads(1);
    so.addConfigEntry("session.intra_op.allow_spinning", "0");
    return env.createSession(model, so);
  }
  static OnnxTensor tensor(OrtEnvironment env, float[] f) throws OrtException {
    return OnnxTensor.createTensor(env, FloatBuffer.wrap(f), new long[] {1, 256, 256, 3});
  }
  public static void main(String[] a) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<Path> images = Files.readAllLines(Path.of(a[2])).stream().map(Path::of).toList();
    if (a[0].equals("calib")) {
      List<String> names = Files.readAllLines(Path.of(System.getProperty("names")));
      OrtSession s = session(env, a[1], 2);
      Map<String, float[]> mm = new LinkedHashMap<>();
      Map<String, List<Float>> maxes = new LinkedHashMap<>();
      for (Path p : images) {
        try (OnnxTensor t = tensor(env, pixels(p)); OrtSession.Result r = s.run(Map.of("pixel_values", t), new LinkedHashSet<>(names))) {
          for (String n : names) {
            float[] flat = flat(r.get(n).get());
            float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
            for (float v : flat) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
            float[] cur = mm.computeIfAbsent(n, k -> new float[] {Float.MAX_VALUE, -Float.MAX_VALUE});
            cur[0] = Math.min(cur[0], lo); cur[1] = Math.max(cur[1], hi);
            maxes.computeIfAbsent(n, k -> new ArrayList<>()).add(Math.max(Math.abs(lo), Math.abs(hi)));
          }
        }
      }
      try (PrintWriter w = new PrintWriter(a[3])) {
        for (var e : mm.entrySet()) {
          List<Float> m = new ArrayList<>(maxes.get(e.getKey())); Collections.sort(m);
          w.println(e.getKey() + "\t" + e.getValue()[0] + "\t" + e.getValue()[1] + "\t" + m.get((int) (m.size() * 0.99) - 0));
        }
      }
    } else { // compare fp32 a[1] vs int8 a[3]
      int threads = Integer.parseInt(a[4]);
      OrtSession s1 = session(env, a[1], threads), s2 = session(env, a[3], threads);
      String[] outs = {"mobilenet/features", "mobilenet/features_late", "mobilenet/features_mid", "mobilenet/features_low", "centernet/class_scores", "centernet/features", "features_multi"};
      double[] cos = new double[outs.length]; double[] minCos = new double[outs.length]; Arrays.fill(minCos, 1);
      List<Long> t1 = new ArrayList<>(), t2 = new ArrayList<>();
      for (int rep = 0; rep < 2; rep++) for (Path p : images) {
        float[] px = pixels(p);
        try (OnnxTensor t = tensor(env, px)) {
          long a0 = System.nanoTime(); OrtSession.Result r1 = s1.run(Map.of("pixel_values", t)); long a1 = System.nanoTime();
          OrtSession.Result r2 = s2.run(Map.of("pixel_values", t)); long a2 = System.nanoTime();
          if (rep == 1) { t1.add(a1 - a0); t2.add(a2 - a1);
            for (int i = 0; i < outs.length; i++) {
              double c = cosine(flat(r1.get(outs[i]).get().getValue()), flat(r2.get(outs[i]).get().getValue()));
              cos[i] += c / images.size(); minCos[i] = Math.min(minCos[i], c);
            } }
          r1.close(); r2.close();
        }
      }
      Collections.sort(t1); Collections.sort(t2);
      System.out.printf("fp32 p50 %.2f ms  int8 p50 %.2f ms%n", t1.get(t1.size() / 2) / 1e6, t2.get(t2.size() / 2) / 1e6);
      for (int i = 0; i < outs.length; i++) System.out.printf("%-26s mean cos %.4f min %.4f%n", outs[i], cos[i], minCos[i]);
    }
  }
  static double cosine(float[] x, float[] y) { double d = 0, a = 0, b = 0; for (int i = 0; i < x.length; i++) { d += x[i] * y[i]; a += x[i] * x[i]; b += y[i] * y[i]; } return d / Math.sqrt(a * b + 1e-30); }
  static float[] flat(Object o) throws OrtException {
    if (o instanceof OnnxTensor t) return flat(t.getValue());
    if (o instanceof OnnxValue v) return flat(v.getValue());
    if (o instanceof float[] f) return f;
    if (o instanceof Object[] arr) { List<float[]> parts = new ArrayList<>(); int n = 0; for (Object x : arr) { float[] f = flat(x); parts.add(f); n += f.length; }
      float[] out = new float[n]; int k = 0; for (float[] f : parts) { System.arraycopy(f, 0, out, k, f.length); k += f.length; } return out; }
    throw new IllegalArgumentException(String.valueOf(o.getClass()));
  }
}

package dev.mmsearch.encode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Embeds a {@link EncoderInput.Timeline} (a video) with the encoders of the modalities it holds:
 * each moment's vector is the mean of its inputs' vectors (its frames), and the whole's is the
 * duration-weighted mean of its moments' — both normalised in cosine spaces. Encoders that are not
 * {@link Encoder#poolable} embed the whole's stand-in instead (a palette of the poster). Indexing
 * and queries both go through here, so a video query meets indexed videos on the same terms.
 *
 * <p>Preparation ({@link #prepare}) and inference ({@link #encode}) are separate so that the
 * indexer resizes frames on its decode threads; frames prepared alike are prepared once for all
 * encoders that accept them, and each backbone runs once per frame ({@link SharedEncoding}).
 */
public final class TimelineEncoding {

  private TimelineEncoding() {}

  /**
   * A timeline prepared for some encoders.
   *
   * @param moments per encoder, per moment (in order), its prepared inputs (empty for a moment
   *     without inputs of the encoder's modality: a silent stretch)
   * @param whole per encoder that is not poolable, the prepared stand-in for the whole
   * @param durations the moments' lengths in seconds, the weights of the whole's mean
   */
  public record Prepared(Map<Encoder, List<List<EncoderInput>>> moments, Map<Encoder, EncoderInput> whole, double[] durations) {}

  /**
   * The vectors of a timeline.
   *
   * @param moments per encoder, per moment, its vector, or null for a moment without inputs of the
   *     encoder's modality; absent for encoders that are not poolable
   * @param whole per encoder, the whole's vector; absent where nothing of its modality was there
   */
  public record Vectors(Map<Encoder, List<float[]>> moments, Map<Encoder, float[]> whole) {}

  /** Prepares {@code timeline} for those of {@code encoders} whose modality it holds. */
  public static Prepared prepare(Collection<Encoder> encoders, EncoderInput.Timeline timeline) {
    Map<Encoder, List<List<EncoderInput>>> moments = new LinkedHashMap<>();
    Map<Encoder, EncoderInput> whole = new LinkedHashMap<>();
    // Inputs prepared so far, per original input: another encoder that prepares alike reuses them.
    Map<EncoderInput, List<EncoderInput>> prepared = new IdentityHashMap<>();
    for (Encoder e : encoders) {
      Modality m = e.modality();
      if (!e.poolable()) {
        EncoderInput standIn = timeline.whole().get(m);
        if (standIn != null) {
          whole.put(e, prepare(e, standIn, prepared));
        }
        continue;
      }
      List<List<EncoderInput>> perMoment = new ArrayList<>(timeline.moments().size());
      boolean any = false;
      for (EncoderInput.TimedInputs moment : timeline.moments()) {
        List<EncoderInput> in = new ArrayList<>();
        for (EncoderInput input : moment.inputs().getOrDefault(m, List.of())) {
          in.add(prepare(e, input, prepared));
        }
        any |= !in.isEmpty();
        perMoment.add(in);
      }
      if (any) {
        moments.put(e, perMoment);
      }
    }
    double[] durations = timeline.moments().stream().mapToDouble(t -> Math.max(1e-3, t.end() - t.start())).toArray();
    return new Prepared(moments, whole, durations);
  }

  private static EncoderInput prepare(Encoder e, EncoderInput input, Map<EncoderInput, List<EncoderInput>> prepared) {
    List<EncoderInput> forms = prepared.computeIfAbsent(input, x -> new ArrayList<>());
    for (EncoderInput p : forms) {
      if (e.accepts(p)) {
        return p;
      }
    }
    EncoderInput p = e.prepare(input);
    forms.add(p);
    return p;
  }

  /** Runs the encoders over a prepared timeline: one batch per encoder (backbones shared), then the means. */
  public static Vectors encode(Prepared p, Role role) {
    Map<Encoder, List<EncoderInput>> flat = new LinkedHashMap<>();
    p.moments().forEach((e, perMoment) -> {
      List<EncoderInput> all = new ArrayList<>();
      perMoment.forEach(all::addAll);
      flat.put(e, all);
    });
    // Encoders sharing a backbone get the same frames (every moment's), so one pass serves them all.
    Map<Encoder, List<float[]>> out = SharedEncoding.encode(flat, role);
    Map<Encoder, List<float[]>> moments = new LinkedHashMap<>();
    Map<Encoder, float[]> whole = new LinkedHashMap<>();
    for (Map.Entry<Encoder, List<List<EncoderInput>>> e : p.moments().entrySet()) {
      Encoder encoder = e.getKey();
      List<float[]> vectors = out.get(encoder);
      List<float[]> perMoment = new ArrayList<>();
      double[] sum = new double[encoder.dimension()];
      double seconds = 0;
      int at = 0;
      for (int i = 0; i < e.getValue().size(); i++) {
        int n = e.getValue().get(i).size();
        if (n == 0) {
          perMoment.add(null);
          continue;
        }
        float[] mean = mean(vectors.subList(at, at + n), null, encoder.similarity());
        at += n;
        perMoment.add(mean);
        for (int d = 0; d < mean.length; d++) {
          sum[d] += mean[d] * p.durations()[i];
        }
        seconds += p.durations()[i];
      }
      for (int d = 0; d < sum.length; d++) {
        sum[d] /= seconds;
      }
      moments.put(encoder, perMoment);
      whole.put(encoder, finish(sum, encoder.similarity()));
    }
    if (!p.whole().isEmpty()) {
      Map<Encoder, List<EncoderInput>> standIns = new LinkedHashMap<>();
      p.whole().forEach((e, in) -> standIns.put(e, List.of(in)));
      SharedEncoding.encode(standIns, role).forEach((e, v) -> whole.put(e, v.getFirst()));
    }
    return new Vectors(moments, whole);
  }

  /** The mean of {@code vectors}, normalised in cosine spaces. */
  static float[] mean(List<float[]> vectors, double[] weights, Similarity similarity) {
    double[] sum = new double[vectors.getFirst().length];
    for (int i = 0; i < vectors.size(); i++) {
      double w = weights == null ? 1 : weights[i];
      float[] v = vectors.get(i);
      for (int d = 0; d < sum.length; d++) {
        sum[d] += v[d] * w;
      }
    }
    double total = weights == null ? vectors.size() : java.util.Arrays.stream(weights).sum();
    for (int d = 0; d < sum.length; d++) {
      sum[d] /= total;
    }
    return finish(sum, similarity);
  }

  /** A sum or mean as the field stores it: unit length in cosine spaces (a direction), as is otherwise. */
  private static float[] finish(double[] sum, Similarity similarity) {
    float[] out = new float[sum.length];
    double norm = 0;
    for (double x : sum) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    boolean unit = similarity == Similarity.COSINE && norm > 0;
    for (int d = 0; d < sum.length; d++) {
      out[d] = (float) (unit ? sum[d] / norm : sum[d]);
    }
    return out;
  }
}

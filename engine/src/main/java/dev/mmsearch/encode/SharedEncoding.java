package dev.mmsearch.encode;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes for several encoders at once, running one forward pass per backbone: encoders that
 * compute the same features from the same inputs (one graph, output and preprocessing; the
 * bundle's two spaces both read MobileNetV2) share it, and each applies only its own head
 * (adapter, normalisation). Query and indexing paths both go through here, so an image is never
 * run twice through one graph.
 */
public final class SharedEncoding {

  private SharedEncoding() {}

  /**
   * The vectors of each encoder for its inputs, in order. Encoders that share a backbone must be
   * given the same inputs (equal preparation); each other encoder runs on its own.
   */
  public static Map<Encoder, List<float[]>> encode(Map<Encoder, ? extends List<? extends EncoderInput>> work, Role role) {
    Map<Object, List<Encoder>> groups = new LinkedHashMap<>();
    Map<Encoder, List<float[]>> out = new IdentityHashMap<>();
    for (Map.Entry<Encoder, ? extends List<? extends EncoderInput>> e : work.entrySet()) {
      Object key = e.getKey() instanceof OnnxEncoder o ? o.sharingKey() : null;
      if (key == null) {
        out.put(e.getKey(), e.getKey().encode(e.getValue(), role));
      } else {
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(e.getKey());
      }
    }
    for (List<Encoder> group : groups.values()) {
      OnnxEncoder first = (OnnxEncoder) group.getFirst();
      List<? extends EncoderInput> inputs = work.get(first);
      for (Encoder member : group) {
        if (work.get(member).size() != inputs.size()) {
          throw new IllegalArgumentException("encoders sharing a backbone must get the same inputs: " + first + " got "
              + inputs.size() + ", " + member + " got " + work.get(member).size());
        }
      }
      List<float[]> features = first.features(inputs, role);
      // Members with one identity (two spaces reading one model folder) have one head: applied once.
      Map<ModelIdentity, List<float[]>> byHead = new java.util.HashMap<>();
      for (Encoder member : group) {
        List<float[]> done = byHead.get(member.identity());
        if (done == null) {
          done = new ArrayList<>(features.size());
          for (float[] f : features) {
            done.add(((OnnxEncoder) member).finish(f.clone()));
          }
          byHead.put(member.identity(), done);
          out.put(member, done);
        } else {
          out.put(member, done.stream().map(float[]::clone).toList());
        }
      }
    }
    return out;
  }
}

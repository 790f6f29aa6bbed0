package dev.mmsearch.encode;

import java.util.Locale;

/**
 * Turns a model output into one vector per input. {@link #NONE} takes an already pooled
 * {@code [batch, dim]} output; the others reduce a {@code [batch, tokens, dim]} output.
 */
public enum Pooling {
  /** The output is already one vector per input ({@code text_embeds}, {@code pooler_output}). */
  NONE {
    @Override
    float[] pool(float[][] tokens, long[] mask) {
      throw new IllegalStateException("NONE pooling takes rank-2 outputs only");
    }
  },
  /** First token (BERT's [CLS], ViT/DINOv2's class token). */
  CLS {
    @Override
    float[] pool(float[][] tokens, long[] mask) {
      return tokens[0].clone();
    }
  },
  /** Mean over tokens the attention mask keeps (sentence-transformers' default). */
  MEAN {
    @Override
    float[] pool(float[][] tokens, long[] mask) {
      float[] sum = new float[tokens[0].length];
      int n = 0;
      for (int t = 0; t < tokens.length; t++) {
        if (mask == null || mask[t] != 0) {
          n++;
          for (int d = 0; d < sum.length; d++) {
            sum[d] += tokens[t][d];
          }
        }
      }
      float inv = 1f / Math.max(n, 1);
      for (int d = 0; d < sum.length; d++) {
        sum[d] *= inv;
      }
      return sum;
    }
  };

  /** Pools one input's token vectors; {@code mask} is null for inputs without one (images). */
  abstract float[] pool(float[][] tokens, long[] mask);

  public static Pooling fromString(String s) {
    for (Pooling p : values()) {
      if (p.name().equalsIgnoreCase(s)) {
        return p;
      }
    }
    throw new IllegalArgumentException("Unknown pooling strategy '" + s + "' (known: none, cls, mean)");
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}

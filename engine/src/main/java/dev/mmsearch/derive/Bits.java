package dev.mmsearch.derive;

/**
 * Bit strings as vectors and back: each bit a value of ±1/√n (1 → positive), so that the dot
 * product of two such unit vectors is {@code 1 − 2·hamming/n} and an HNSW index over them finds the
 * nearest bit strings. Bits run from the highest bit of the first word.
 */
final class Bits {

  private Bits() {}

  /** Words of 64 bits as a unit vector of {@code 64 × words.length} values. */
  static float[] vector(long[] words) {
    int n = 64 * words.length;
    float unit = (float) (1 / Math.sqrt(n));
    float[] out = new float[n];
    for (int w = 0; w < words.length; w++) {
      for (int b = 0; b < 64; b++) {
        out[w * 64 + b] = ((words[w] >>> (63 - b)) & 1) == 1 ? unit : -unit;
      }
    }
    return out;
  }

  /** The bits of a vector (positive values are ones), as 64-bit words. */
  static long[] words(float[] v) {
    if (v.length % 64 != 0) {
      throw new IllegalArgumentException("a bit vector has a multiple of 64 values, got: " + v.length);
    }
    long[] out = new long[v.length / 64];
    for (int i = 0; i < v.length; i++) {
      out[i / 64] = (out[i / 64] << 1) | (v[i] > 0 ? 1 : 0);
    }
    return out;
  }

  /** The Hamming distance a dot product of two bit vectors of {@code n} values stands for. */
  static int hamming(double dot, int n) {
    return (int) Math.round((1 - dot) * n / 2);
  }
}

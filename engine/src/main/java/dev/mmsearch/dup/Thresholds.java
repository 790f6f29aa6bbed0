package dev.mmsearch.dup;

/**
 * When two items are near duplicates or similar. Defaults measured on the generated duplicates of
 * {@code bench/duplicates/} (docs/quality.md, "Duplicates"): the largest distance that keeps
 * the hard negatives (other pictures of a category, pictures sharing a source, burst shots) apart.
 *
 * @param pictureBits most differing bits (of 128) between two pictures' signatures for "near"
 * @param soundBits most differing bits (of 256) between two sounds' prints for "near"
 * @param similarField the vector field "similar" compares pictures in ({@code dino.image})
 * @param similarCosine least cosine in {@code similarField} for "similar"
 */
public record Thresholds(int pictureBits, int soundBits, String similarField, double similarCosine) {

  /** The measured defaults (docs/quality.md). */
  public static final Thresholds DEFAULTS = new Thresholds(16, 52, "dino.image", 0.97);

  public Thresholds {
    if (pictureBits < 0 || pictureBits > 64) {
      throw new IllegalArgumentException("pictureBits must be in 0..64, got: " + pictureBits);
    }
    if (soundBits < 0 || soundBits > 128) {
      throw new IllegalArgumentException("soundBits must be in 0..128, got: " + soundBits);
    }
    if (!(similarCosine > -1 && similarCosine <= 1)) {
      throw new IllegalArgumentException("similarCosine must be in (-1, 1], got: " + similarCosine);
    }
  }

  public Thresholds withSimilar(String field, double cosine) {
    return new Thresholds(pictureBits, soundBits, field, cosine);
  }
}

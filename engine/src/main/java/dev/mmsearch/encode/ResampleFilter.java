package dev.mmsearch.encode;

/**
 * Interpolation kernels with Pillow's definitions and numeric codes, because
 * {@code preprocessor_config.json} names them by Pillow code ({@code "resample": 3}) and models were
 * trained on pixels Pillow produced.
 */
public enum ResampleFilter {
  NEAREST(0, 0.5) {
    @Override
    double weight(double x) {
      return x >= -0.5 && x < 0.5 ? 1.0 : 0.0;
    }
  },
  BOX(4, 0.5) {
    @Override
    double weight(double x) {
      return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
    }
  },
  BILINEAR(2, 1.0) {
    @Override
    double weight(double x) {
      x = Math.abs(x);
      return x < 1.0 ? 1.0 - x : 0.0;
    }
  },
  BICUBIC(3, 2.0) {
    @Override
    double weight(double x) {
      // Keys cubic with a = -0.5, as in Pillow's Resample.c.
      final double a = -0.5;
      x = Math.abs(x);
      if (x < 1.0) {
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
      }
      if (x < 2.0) {
        return (((x - 5) * x + 8) * x - 4) * a;
      }
      return 0.0;
    }
  },
  LANCZOS(1, 3.0) {
    @Override
    double weight(double x) {
      return x > -3.0 && x < 3.0 ? sinc(x) * sinc(x / 3.0) : 0.0;
    }
  };

  private final int pillowCode;
  private final double support;

  ResampleFilter(int pillowCode, double support) {
    this.pillowCode = pillowCode;
    this.support = support;
  }

  abstract double weight(double x);

  double support() {
    return support;
  }

  private static double sinc(double x) {
    if (x == 0.0) {
      return 1.0;
    }
    x *= Math.PI;
    return Math.sin(x) / x;
  }

  /** The filter for a Pillow resample code as written in {@code preprocessor_config.json}. */
  public static ResampleFilter fromPillowCode(int code) {
    for (ResampleFilter f : values()) {
      if (f.pillowCode == code) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "Unknown resample code " + code + " (Pillow codes: 0 nearest, 1 lanczos, 2 bilinear, 3 bicubic, 4 box)");
  }
}

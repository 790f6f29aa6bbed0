package dev.mmsearch.derive;

/**
 * A colour in CIELAB (D65 white), where Euclidean distance (CIE76 ΔE) roughly follows perceived
 * difference: about 2.3 is just noticeable, over 10 is clearly another colour. Conversions follow
 * the sRGB standard (IEC 61966-2-1) and CIE 15.
 */
public record Lab(double l, double a, double b) {

  private static final double XN = 0.95047;
  private static final double YN = 1.0;
  private static final double ZN = 1.08883;

  /** The Lab value of an 8-bit sRGB colour {@code 0xRRGGBB} (any alpha bits are ignored). */
  public static Lab ofRgb(int rgb) {
    return ofRgb((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
  }

  /** The Lab value of an sRGB colour with 0–255 channels, fractions allowed (the mean of several 8-bit colours). */
  public static Lab ofRgb(double red, double green, double blue) {
    double r = linear(red);
    double g = linear(green);
    double bl = linear(blue);
    double x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * bl;
    double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * bl;
    double z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * bl;
    double fx = f(x / XN);
    double fy = f(y / YN);
    double fz = f(z / ZN);
    return new Lab(116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz));
  }

  /** The nearest 8-bit sRGB colour {@code 0xRRGGBB} (out-of-gamut values are clipped). */
  public int toRgb() {
    double fy = (l + 16) / 116;
    double x = XN * fInverse(fy + a / 500);
    double y = YN * fInverse(fy);
    double z = ZN * fInverse(fy - b / 200);
    double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
    double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
    double bl = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
    return (encoded(r) << 16) | (encoded(g) << 8) | encoded(bl);
  }

  /** CIE76 colour difference ΔE*ab. */
  public double distance(Lab o) {
    double dl = l - o.l;
    double da = a - o.a;
    double db = b - o.b;
    return Math.sqrt(dl * dl + da * da + db * db);
  }

  /** {@code #rrggbb}. */
  public String hex() {
    return String.format("#%06x", toRgb());
  }

  private static double linear(double c) {
    double v = c / 255.0;
    return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  }

  private static int encoded(double v) {
    double s = v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(Math.max(v, 0), 1 / 2.4) - 0.055;
    return (int) Math.round(Math.max(0, Math.min(1, s)) * 255);
  }

  private static double f(double t) {
    return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
  }

  private static double fInverse(double t) {
    return t * t * t > 216.0 / 24389 ? t * t * t : (116 * t - 16) / (24389.0 / 27);
  }
}

package dev.mmsearch.extract;

import com.drew.metadata.exif.ExifIFD0Directory;
import dev.mmsearch.extract.DecodeException.Reason;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;

/**
 * Turns encoded image bytes (PNG, JPEG incl. CMYK and progressive, WebP, GIF, BMP; not TIFF)
 * into an upright RGB raster, the one pixel form every encoder starts from.
 *
 * <p>Hostile input is refused before memory is committed: the byte limit is checked on arrival,
 * the format is told by its first bytes ({@link ImageFormat}) and what its header declares is
 * checked against the bytes that back it (a WebP canvas against its bitstream, an ICC profile's
 * size), and the pixel and side limits against the dimensions in the header, before the reader
 * allocates a raster. Images are then read at the size a {@link DecodeTarget} asks for, with
 * ImageIO's source subsampling, so a 12 KB PNG declaring 100 megapixels costs a raster of the
 * target's size, not of the declared one. JPEGs are decoded by libjpeg-turbo where the machine
 * has it ({@link TurboJpeg}: faster, and at a reduced DCT scale rather than subsampled). Metadata is not read (ImageIO's is ignored; PNG text
 * chunks are never inflated); only the EXIF block, for the orientation ({@link Exif}).
 * EXIF orientation is applied so that a phone photo is seen the way its owner sees it, and
 * transparency is composited on white, matching how people view clip art and product shots.
 * Whatever a reader throws, down to a stack overflow or an allocation it cannot make, ends as a
 * {@link DecodeException} for that input alone.
 *
 * <p>Instances are immutable and thread-safe; each call uses its own {@link ImageReader}.
 */
public final class ImageDecoder {

  static {
    // TwelveMonkeys readers (JPEG CMYK/progressive, WebP) register through the service loader.
    ImageIO.scanForPlugins();
    ImageIO.setUseCache(false);
  }

  private final ImageLimits limits;

  public ImageDecoder(ImageLimits limits) {
    this.limits = limits;
  }

  public ImageLimits limits() {
    return limits;
  }

  /** Reads and decodes a file at full resolution, checking its size before reading it. */
  public BufferedImage decode(Path file) throws DecodeException, IOException {
    return decode(file, DecodeTarget.FULL);
  }

  /** Reads and decodes a file at the target's size, checking its size before reading it. */
  public BufferedImage decode(Path file, DecodeTarget target) throws DecodeException, IOException {
    return decode(readFile(file), target);
  }

  /** Reads a file's bytes after checking its size against the byte limit. */
  public byte[] readFile(Path file) throws DecodeException, IOException {
    checkByteCount(Files.size(file));
    return Files.readAllBytes(file);
  }

  /** Decodes image bytes at full resolution into an upright {@link BufferedImage#TYPE_INT_RGB} raster. */
  public BufferedImage decode(byte[] bytes) throws DecodeException {
    return decode(bytes, DecodeTarget.FULL);
  }

  /** Decodes image bytes into an upright {@link BufferedImage#TYPE_INT_RGB} raster of about the target's size. */
  public BufferedImage decode(byte[] bytes, DecodeTarget target) throws DecodeException {
    checkByteCount(bytes.length);
    return DecodeException.contain("image", () -> orient(toOpaqueRgb(read(bytes, target)), exifOrientation(bytes)));
  }

  private void checkByteCount(long size) throws DecodeException {
    if (size == 0) {
      throw new DecodeException(Reason.EMPTY, "image is empty (0 bytes)");
    }
    if (size > limits.maxBytes()) {
      throw new DecodeException(
          Reason.TOO_MANY_BYTES,
          "image is " + size + " bytes, more than the limit of " + limits.maxBytes() + " bytes");
    }
  }

  private BufferedImage read(byte[] bytes, DecodeTarget target) throws DecodeException {
    ImageFormat format = ImageFormat.of(bytes);
    byte[] input = format.prepare(bytes);
    if (format == ImageFormat.JPEG) {
      java.util.Optional<TurboJpeg> turbo = TurboJpeg.get();
      if (turbo.isPresent()) {
        java.util.Optional<BufferedImage> decoded = turbo.get().decode(input, target, limits);
        if (decoded.isPresent()) {
          return decoded.get();
        }
      }
    }
    ImageReader reader = format.newReader();
    String name = format.name();
    try (ImageBytes in = new ImageBytes(input)) {
      reader.setInput(in, true, true);
      long width = reader.getWidth(0);
      long height = reader.getHeight(0);
      checkDeclared(name, width, height, limits);
      TruncationListener truncation = new TruncationListener();
      reader.addIIOReadWarningListener(truncation);
      ImageReadParam param = reader.getDefaultReadParam();
      int step = target.step(width, height);
      if (step > 1) {
        param.setSourceSubsampling(step, step, 0, 0);
      }
      BufferedImage image = reader.read(0, param);
      if (truncation.truncated) {
        throw new DecodeException(Reason.TRUNCATED, name + " data ends early: " + truncation.warning);
      }
      return image;
    } catch (IOException | RuntimeException e) {
      throw failure(name, e);
    } finally {
      reader.dispose();
    }
  }

  /** Refuses a picture whose header declares an empty size, or more pixels or a longer side than the limits. */
  static void checkDeclared(String name, long width, long height, ImageLimits limits) throws DecodeException {
    if (width < 1 || height < 1) {
      throw new DecodeException(
          Reason.CORRUPT, name + " header declares an empty image: " + width + "x" + height);
    }
    if (width > limits.maxSide() || height > limits.maxSide()) {
      throw new DecodeException(
          Reason.TOO_MANY_PIXELS,
          name + " declares " + width + "x" + height + ", wider or taller than the limit of " + limits.maxSide()
              + " pixels per side");
    }
    if (width * height > limits.maxPixels()) {
      throw new DecodeException(
          Reason.TOO_MANY_PIXELS,
          name + " declares " + width + "x" + height + " = " + width * height
              + " pixels, more than the limit of " + limits.maxPixels() + " pixels");
    }
  }

  private static DecodeException failure(String format, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EOFException || t instanceof ImageBytes.ReadPastEnd) {
        return new DecodeException(Reason.TRUNCATED, format + " data ends early", e);
      }
    }
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new DecodeException(Reason.CORRUPT, format + " data is corrupt: " + detail, e);
  }

  /** JPEG readers report a missing end of data as a warning and fill the rest with grey. */
  private static final class TruncationListener implements javax.imageio.event.IIOReadWarningListener {
    boolean truncated;
    String warning;

    @Override
    public void warningOccurred(ImageReader source, String warning) {
      String lower = warning.toLowerCase(Locale.ROOT);
      if (lower.contains("premature end") || lower.contains("truncated") || lower.contains("unexpected end")) {
        this.truncated = true;
        this.warning = warning;
      }
    }
  }

  private static BufferedImage toOpaqueRgb(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB) {
      return image;
    }
    BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }

  /** A picture's stored size (before EXIF orientation) and its format's name in lower case ({@code png}, {@code jpeg}). */
  public record Header(int width, int height, String format) {}

  /**
   * A picture's header: its size as stored (what a decoder that subsamples large pictures no longer
   * shows; EXIF orientation 5–8 swap the sides as shown) and format. Null when the bytes are not a
   * readable picture.
   */
  public static Header header(byte[] bytes) {
    try {
      ImageFormat format = ImageFormat.of(bytes);
      byte[] input = format.prepare(bytes);
      ImageReader reader = format.newReader();
      try (ImageBytes in = new ImageBytes(input)) {
        reader.setInput(in, true, true);
        return new Header(reader.getWidth(0), reader.getHeight(0), format.name().toLowerCase(Locale.ROOT));
      } finally {
        reader.dispose();
      }
    } catch (DecodeException | IOException | RuntimeException | StackOverflowError e) {
      return null;
    }
  }

  /** EXIF orientation (1–8) or 1 where the image carries none or it cannot be read. */
  static int exifOrientation(byte[] bytes) {
    ExifIFD0Directory exif = Exif.read(bytes).getFirstDirectoryOfType(ExifIFD0Directory.class);
    Integer orientation = exif == null ? null : exif.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
    return orientation != null && orientation >= 1 && orientation <= 8 ? orientation : 1;
  }

  /**
   * Applies an EXIF orientation so the result is what a viewer displays. Works on the two rasters'
   * pixel arrays directly: no copies beyond the output.
   */
  static BufferedImage orient(BufferedImage image, int orientation) {
    if (orientation == 1) {
      return image;
    }
    int w = image.getWidth();
    int h = image.getHeight();
    boolean swap = orientation >= 5;
    int ow = swap ? h : w;
    int oh = swap ? w : h;
    int[] src = Rasters.packedRgb(image);
    BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
    int[] dst = ((java.awt.image.DataBufferInt) out.getRaster().getDataBuffer()).getData();
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        int sx;
        int sy;
        switch (orientation) {
          case 2 -> { sx = w - 1 - x; sy = y; }
          case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
          case 4 -> { sx = x; sy = h - 1 - y; }
          case 5 -> { sx = y; sy = x; }
          case 6 -> { sx = y; sy = h - 1 - x; }
          case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
          case 8 -> { sx = w - 1 - y; sy = x; }
          default -> throw new IllegalArgumentException("EXIF orientation must be 1..8, got: " + orientation);
        }
        dst[y * ow + x] = src[sy * w + sx];
      }
    }
    return out;
  }
}

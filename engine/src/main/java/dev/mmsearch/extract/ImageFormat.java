package dev.mmsearch.extract;

import dev.mmsearch.extract.DecodeException.Reason;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/**
 * The picture formats mmsearch decodes, told apart by their first bytes and each read by a new
 * ImageIO reader for that format: never left to ImageIO's probing, which also accepts TIFF and
 * WBMP (whose "magic" is two zero bytes). Each format checks what its header declares before the
 * reader sees it ({@link #prepare}).
 */
enum ImageFormat {
  PNG("png"),
  JPEG("jpeg"),
  GIF("gif"),
  BMP("bmp"),
  WEBP("webp");

  static final String EXPECTED = "PNG, JPEG, WebP, GIF or BMP";

  private final String imageIoName;

  ImageFormat(String imageIoName) {
    this.imageIoName = imageIoName;
  }

  /** The format of encoded bytes; {@code UNSUPPORTED_FORMAT} for anything else, TIFF by name. */
  static ImageFormat of(byte[] b) throws DecodeException {
    if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && Bytes.starts(b, 1, "PNG\r\n\u001A\n")) {
      return PNG;
    }
    if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
      return JPEG;
    }
    if (Bytes.starts(b, 0, "GIF87a") || Bytes.starts(b, 0, "GIF89a")) {
      return GIF;
    }
    if (b.length >= 26 && Bytes.starts(b, 0, "BM")) {
      return BMP;
    }
    if (b.length >= 12 && Bytes.starts(b, 0, "RIFF") && Bytes.starts(b, 8, "WEBP")) {
      return WEBP;
    }
    if (Bytes.starts(b, 0, "II") && (b.length >= 4 && (b[2] == 42 || b[2] == 43) && b[3] == 0)
        || Bytes.starts(b, 0, "MM") && (b.length >= 4 && b[2] == 0 && (b[3] == 42 || b[3] == 43))) {
      throw new DecodeException(Reason.UNSUPPORTED_FORMAT, "TIFF is not supported (expected " + EXPECTED + ")");
    }
    throw new DecodeException(Reason.UNSUPPORTED_FORMAT, "not a supported image format (expected " + EXPECTED + ")");
  }

  /**
   * Checks what the header declares that the reader would otherwise trust, and returns the bytes
   * to read: the same array, or a copy without an ICC profile too large to build a transform from
   * ({@link JpegSegments#MAX_ICC_BYTES}).
   */
  byte[] prepare(byte[] b) throws DecodeException {
    return switch (this) {
      case JPEG -> JpegSegments.withoutOversizedProfile(b);
      case WEBP -> {
        WebpChunks.check(b);
        yield WebpChunks.withoutOversizedProfile(b);
      }
      default -> b;
    };
  }

  /** A new reader for this format. */
  ImageReader newReader() throws DecodeException {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(imageIoName);
    if (!readers.hasNext()) {
      throw new DecodeException(Reason.UNSUPPORTED_FORMAT, "no reader for " + name() + " is installed");
    }
    return readers.next();
  }
}

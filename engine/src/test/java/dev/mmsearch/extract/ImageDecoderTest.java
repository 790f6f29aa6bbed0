package dev.mmsearch.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.extract.DecodeException.Reason;
import dev.mmsearch.testing.BadImages;
import dev.mmsearch.testing.Bombs;
import dev.mmsearch.testing.TestImages;
import dev.mmsearch.testing.TestModels;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageDecoderTest {

  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULTS);

  /** Mean absolute difference per channel, in 8-bit levels. */
  private static double meanAbsDiff(BufferedImage a, BufferedImage b) {
    assertEquals(a.getWidth(), b.getWidth(), "width");
    assertEquals(a.getHeight(), b.getHeight(), "height");
    long sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int s = 0; s < 24; s += 8) {
          sum += Math.abs(((p >> s) & 0xFF) - ((q >> s) & 0xFF));
        }
      }
    }
    return sum / (3.0 * a.getWidth() * a.getHeight());
  }

  /**
   * Tolerances are the lossy codecs' own error: Pillow decodes the same files to 6.77 (JPEG q95 of
   * a noisy photo), 1.11 (CMYK JPEG) and 4.13 (GIF palette) levels from the PNG.
   */
  @ParameterizedTest
  @CsvSource({
    "photo-progressive.jpg, 7",
    "photo-cmyk.jpg, 1.5",
    "photo.webp, 0.001",
    "photo.bmp, 0.001",
    "photo.gif, 4.5",
    "photo-exif6.jpg, 7"
  })
  void everyContainerDecodesToTheSamePicture(String file, double tolerance) throws Exception {
    BufferedImage png = decoder.decode(TestModels.reference("photo.png"));
    BufferedImage other = decoder.decode(TestModels.reference(file));
    assertEquals(BufferedImage.TYPE_INT_RGB, other.getType());
    double diff = meanAbsDiff(png, other);
    assertTrue(diff <= tolerance, file + " differs from photo.png by " + diff + " levels on average");
  }

  @Test
  void exifOrientationIsAppliedNotIgnored() throws Exception {
    BufferedImage upright = decoder.decode(TestModels.reference("photo.png"));
    BufferedImage rotated = decoder.decode(TestModels.reference("photo-exif6.jpg"));
    assertEquals(upright.getWidth(), rotated.getWidth(), "orientation 6 swaps back to landscape");
    // The stored (unrotated) raster would be portrait; orienting it wrongly would not match.
    BufferedImage wrong = ImageDecoder.orient(ImageDecoder.orient(rotated, 6), 6);
    assertEquals(upright.getWidth(), wrong.getWidth());
    assertTrue(meanAbsDiff(upright, wrong) > 20, "a 180° turn must not look like the upright image");
  }

  @Test
  void transparencyIsCompositedOnWhite() throws Exception {
    BufferedImage img = decoder.decode(TestModels.reference("tall-alpha.png"));
    assertEquals(0xFFFFFF, img.getRGB(0, 0) & 0xFFFFFF, "fully transparent corner is white");
    assertEquals(0x00A03C, img.getRGB(50, 50) & 0xFFFFFF, "opaque green stays green");
  }

  @Test
  void pixelBombIsRefusedFromTheHeader() {
    DecodeException e = assertThrows(DecodeException.class,
        () -> decoder.decode(BadImages.pngDeclaring(40000, 40000)));
    assertEquals(Reason.TOO_MANY_PIXELS, e.reason());
    assertEquals("PNG declares 40000x40000 = 1600000000 pixels, more than the limit of 100000000 pixels", e.getMessage());
  }

  @Test
  void pixelLimitIsConfigurable() throws Exception {
    ImageDecoder strict = new ImageDecoder(new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, 320 * 240 - 1));
    assertEquals(Reason.TOO_MANY_PIXELS,
        assertThrows(DecodeException.class, () -> strict.decode(TestModels.reference("photo.png"))).reason());
    ImageDecoder exact = new ImageDecoder(new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, 320 * 240));
    assertEquals(320, exact.decode(TestModels.reference("photo.png")).getWidth());
  }

  @Test
  void byteLimitIsCheckedBeforeDecoding() {
    ImageDecoder tiny = new ImageDecoder(new ImageLimits(100, ImageLimits.DEFAULT_MAX_PIXELS));
    DecodeException e = assertThrows(DecodeException.class, () -> tiny.decode(TestModels.reference("photo.png")));
    assertEquals(Reason.TOO_MANY_BYTES, e.reason());
    assertTrue(e.getMessage().endsWith("more than the limit of 100 bytes"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
    "zero-bytes.png, EMPTY",
    "not-an-image.png, UNSUPPORTED_FORMAT",
    "truncated.png, TRUNCATED",
    "truncated.jpg, TRUNCATED",
    "corrupt.png, CORRUPT",
    "bomb-40000x40000.png, TOO_MANY_PIXELS"
  })
  void badBytesGiveATypedReason(String name, Reason reason) throws Exception {
    byte[] bytes = BadImages.all().get(name);
    DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(bytes));
    assertEquals(reason, e.reason(), name + ": " + e.getMessage());
  }

  @Test
  void bombsDecodeToTheTargetSizeNotTheDeclaredOne() throws Exception {
    byte[] bomb = BadImages.greyBomb(10_000, 10_000);
    assertTrue(bomb.length < 20_000, "a 100 MP bomb is small on disk: " + bomb.length);
    DecodeTarget target = DecodeTarget.forInputs(224, 0);
    long before = allocated();
    BufferedImage img = decoder.decode(bomb, target);
    long bytes = allocated() - before;
    // Step 11 = 10000 / (4 × 224): 910 × 910, every 11th pixel of every 11th row.
    assertEquals(910, img.getWidth());
    assertEquals(910, img.getHeight());
    assertTrue(bytes < 64L << 20, "decoding allocated " + (bytes >> 20) + " MB; the full raster alone would be 400 MB");
    DecodeException wide = assertThrows(DecodeException.class, () -> decoder.decode(BadImages.greyBomb(100_000_000, 1), target));
    assertEquals(Reason.TOO_MANY_PIXELS, wide.reason());
    assertEquals("PNG declares 100000000x1, wider or taller than the limit of 65535 pixels per side", wide.getMessage());
  }

  /** TIFF is not one of the documented formats (ImageIO would read it): refused by name, like any other. */
  @Test
  void tiffIsRefusedAsUnsupported() throws Exception {
    byte[] tiff = TestImages.write(ImageIO.read(TestModels.reference("photo.png").toFile()), "tiff");
    DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(tiff));
    assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
    assertEquals("TIFF is not supported (expected PNG, JPEG, WebP, GIF or BMP)", e.getMessage());
    assertNull(ImageDecoder.header(tiff));
  }

  /** EXIF orientation is found in a PNG's eXIf and a WebP's EXIF chunk as in a JPEG's APP1. */
  @Test
  void exifOrientationIsReadFromEveryContainer() throws Exception {
    byte[] orientation6 = TestImages.exifOf(Files.readAllBytes(TestModels.reference("photo-exif6.jpg")));
    BufferedImage png = decoder.decode(TestImages.withPngChunk(Files.readAllBytes(TestModels.reference("photo.png")), "eXIf",
        orientation6));
    assertEquals(240, png.getWidth(), "320 × 240 turned a quarter");
    byte[] webp;
    try (InputStream in = getClass().getResourceAsStream("/extract/tall-alpha.webp")) {
      webp = in.readAllBytes();
    }
    BufferedImage turned = decoder.decode(TestImages.withWebpExif(webp, orientation6));
    assertEquals(400, turned.getWidth(), "150 × 400 turned a quarter");
  }

  /**
   * A JPEG's ICC profile over {@link JpegSegments#MAX_ICC_BYTES} is left out, not read: the
   * picture decodes as the same JPEG without it would (the profile of 255 chunks, 16.7 MB, cost
   * 2.2 GB to read).
   */
  @Test
  void oversizedIccProfilesAreLeftOut() throws Exception {
    byte[] bomb = Bombs.jpegIccSegments(255);
    assertEquals(255L * 65_519, JpegSegments.iccBytes(bomb));
    BufferedImage img = decoder.decode(bomb);
    BufferedImage plain = decoder.decode(TestImages.smallJpeg());
    assertArrayEquals(plain.getRGB(0, 0, 8, 8, null, 0, 8), img.getRGB(0, 0, 8, 8, null, 0, 8));
    byte[] small = Bombs.jpegIccSegments(2);
    assertTrue(JpegSegments.withoutOversizedProfile(small) == small, "a profile under the limit is kept");
  }

  /** WebP is decoded at full size, so its pixels are held to {@link WebpChunks#MAX_PIXELS}, from the header. */
  @Test
  void webpIsHeldToItsFullSizeLimit() {
    DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(Bombs.webpLosslessGroups(4097, 4096),
        DecodeTarget.forInputs(224, 256)));
    assertEquals(Reason.TOO_MANY_PIXELS, e.reason());
    assertEquals("WEBP declares 4097x4096 = 16781312 pixels; WebP is decoded at full size, so at most 16777216 are accepted",
        e.getMessage());
  }

  /** Bytes this thread has allocated so far (HotSpot). */
  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  @Test
  void decodeTargetSteps() {
    DecodeTarget t = new DecodeTarget(896, 4_000_000);
    assertEquals(1, t.step(320, 240), "small images keep every pixel");
    assertEquals(3, t.step(4000, 3000), "shorter side 3000 / 896");
    assertEquals(11, t.step(10_000, 10_000));
    // An extreme aspect: the shorter side allows no step, the pixel bound forces one.
    int s = t.step(60_000, 700);
    assertTrue((60_000L + s - 1) / s * ((700 + s - 1) / s) <= 4_000_000, "step " + s);
    assertEquals(1, DecodeTarget.FULL.step(10_000, 10_000));
  }

  @Test
  void subsampledDecodeKeepsTheAspectAndContent() throws Exception {
    BufferedImage full = decoder.decode(TestModels.reference("photo.png"));
    BufferedImage half = decoder.decode(java.nio.file.Files.readAllBytes(TestModels.reference("photo.png")), new DecodeTarget(100, 1_000_000));
    assertEquals(full.getWidth() / 2, half.getWidth());
    assertEquals(full.getHeight() / 2, half.getHeight());
    assertEquals(full.getRGB(2, 2), half.getRGB(1, 1), "every other pixel of every other row");
  }

  /**
   * libjpeg-turbo decodes a JPEG to exactly the JDK reader's pixels at full scale (the same
   * accurate IDCT and upsampling), so an index does not depend on which machine decoded it; and it
   * decodes a large photo straight at a reduced scale that keeps the target's side.
   */
  @ParameterizedTest
  @CsvSource({"photo-progressive.jpg", "photo-exif6.jpg", "photo-cmyk.jpg"})
  void libjpegTurboGivesTheJdkReadersPixels(String file) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(TurboJpeg.get().isPresent(),
        "libjpeg-turbo's TurboJPEG (Debian libturbojpeg0) is not installed: only the JDK's reader is tested");
    byte[] bytes = Files.readAllBytes(TestModels.reference(file));
    BufferedImage jdk = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
    java.util.Optional<BufferedImage> turbo = TurboJpeg.get().get().decode(bytes, DecodeTarget.FULL, ImageLimits.DEFAULTS);
    if (file.contains("cmyk")) {
      assertTrue(turbo.isEmpty(), "CMYK is left to the JDK's reader (TwelveMonkeys applies its colour profile)");
      return;
    }
    assertEquals(jdk.getWidth(), turbo.orElseThrow().getWidth());
    assertEquals(jdk.getHeight(), turbo.get().getHeight());
    for (int y = 0; y < jdk.getHeight(); y++) {
      for (int x = 0; x < jdk.getWidth(); x++) {
        assertEquals(jdk.getRGB(x, y) & 0xFFFFFF, turbo.get().getRGB(x, y) & 0xFFFFFF, file + " pixel " + x + "," + y);
      }
    }
  }

  @Test
  void libjpegTurboDecodesALargePhotoAtAReducedScale() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(TurboJpeg.get().isPresent(),
        "libjpeg-turbo's TurboJPEG (Debian libturbojpeg0) is not installed");
    BufferedImage source = decoder.decode(TestModels.reference("photo.png"));
    BufferedImage big = new BufferedImage(source.getWidth() * 8, source.getHeight() * 8, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = big.createGraphics();
    g.drawImage(source, 0, 0, big.getWidth(), big.getHeight(), null);
    g.dispose();
    java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
    ImageIO.write(big, "jpeg", jpeg);
    DecodeTarget target = new DecodeTarget(source.getHeight() * 2, DecodeTarget.DEFAULT_MAX_PIXELS);
    BufferedImage scaled = decoder.decode(jpeg.toByteArray(), target);
    // The smallest eighth that keeps the shorter side at twice the source's: 2/8.
    assertEquals(big.getWidth() / 4, scaled.getWidth());
    assertEquals(big.getHeight() / 4, scaled.getHeight());
    BufferedImage expected = new BufferedImage(scaled.getWidth(), scaled.getHeight(), BufferedImage.TYPE_INT_RGB);
    g = expected.createGraphics();
    g.drawImage(source, 0, 0, expected.getWidth(), expected.getHeight(), null);
    g.dispose();
    double diff = meanAbsDiff(expected, scaled);
    assertTrue(diff < 8, "the scaled decode differs from the picture by " + diff + " levels on average");
  }

  /**
   * A query's 640 × 480 photo for 256-px encoders: the indexer's target keeps every pixel (its
   * margin serves subsampling, previews and the text reader), the query's goes down to 5/8, the
   * smallest eighth whose shorter side (300) still covers 256, and looks the same.
   */
  @Test
  void libjpegTurboDecodesAQueryDownToTheEncodersSide() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(TurboJpeg.get().isPresent(),
        "libjpeg-turbo's TurboJPEG (Debian libturbojpeg0) is not installed");
    BufferedImage source = decoder.decode(TestModels.reference("photo.png"));
    BufferedImage photo = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = photo.createGraphics();
    g.drawImage(source, 0, 0, 640, 480, null);
    g.dispose();
    java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
    ImageIO.write(photo, "jpeg", jpeg);
    DecodeTarget indexing = DecodeTarget.forInputs(256, 0);
    BufferedImage full = decoder.decode(jpeg.toByteArray(), indexing);
    assertEquals(640, full.getWidth());
    BufferedImage reduced = decoder.decode(jpeg.toByteArray(), indexing.filteredDownTo(256));
    assertEquals(400, reduced.getWidth());
    assertEquals(300, reduced.getHeight());
    BufferedImage expected = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
    g = expected.createGraphics();
    g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(full, 0, 0, 400, 300, null);
    g.dispose();
    double diff = meanAbsDiff(expected, reduced);
    assertTrue(diff < 8, "the reduced decode differs from the full one by " + diff + " levels on average");
    // The JDK's reader subsamples, so it keeps the margin whatever the filtered side.
    assertEquals(indexing.step(640, 480), indexing.filteredDownTo(256).step(640, 480));
  }

  @Test
  void aFilteredSideIsAtMostTheSideKept() {
    assertThrows(IllegalArgumentException.class, () -> new DecodeTarget(256, 1000, 300));
    assertThrows(IllegalArgumentException.class, () -> new DecodeTarget(256, 1000, 0));
    assertEquals(DecodeTarget.FULL, DecodeTarget.FULL.filteredDownTo(256), "full resolution stays full");
    assertEquals(100, new DecodeTarget(400, 1000).filteredDownTo(100).filteredSide());
    assertEquals(400, new DecodeTarget(400, 1000).filteredDownTo(800).filteredSide(), "never above the side kept");
  }

  @Test
  void badJpegsAreReportedAsWithoutLibjpegTurbo() throws Exception {
    for (String name : java.util.List.of("truncated.jpg")) {
      DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(BadImages.all().get(name)));
      assertEquals(Reason.TRUNCATED, e.reason(), name + ": " + e.getMessage());
    }
  }
}

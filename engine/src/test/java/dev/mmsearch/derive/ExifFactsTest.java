package dev.mmsearch.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.testing.Bombs;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.io.ByteArrayOutputStream;
import java.time.LocalDateTime;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.junit.jupiter.api.Test;

/** EXIF read back from real JPEGs written here (ImageIO for the pixels, Commons Imaging for the EXIF). */
class ExifFactsTest {

  private static byte[] jpeg() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB), "jpeg", out);
    return out.toByteArray();
  }

  private static byte[] withExif(byte[] jpeg, TiffOutputSet exif) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ExifRewriter().updateExifMetadataLossless(jpeg, out, exif);
    return out.toByteArray();
  }

  @Test
  void captureTimeCameraGpsAndOrientationComeBack() throws Exception {
    TiffOutputSet set = new TiffOutputSet();
    TiffOutputDirectory root = set.getOrCreateRootDirectory();
    root.add(TiffTagConstants.TIFF_TAG_MAKE, "Acme Optics ");
    root.add(TiffTagConstants.TIFF_TAG_MODEL, "Field 100");
    root.add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) 6);
    set.getOrCreateExifDirectory().add(ExifTagConstants.EXIF_TAG_DATE_TIME_ORIGINAL, "2024:05:17 14:03:59");
    set.setGpsInDegrees(-3.7038, 40.4168); // longitude, latitude: Madrid
    ExifFacts f = ExifFacts.read(withExif(jpeg(), set));
    assertEquals(LocalDateTime.of(2024, 5, 17, 14, 3, 59), f.taken());
    assertEquals("Acme Optics", f.make());
    assertEquals("Field 100", f.model());
    assertEquals(40.4168, f.latitude(), 1e-6);
    assertEquals(-3.7038, f.longitude(), 1e-6);
    assertEquals(6, f.orientation());
  }

  @Test
  void picturesWithoutOrWithBrokenExifGiveNothing() throws Exception {
    assertEquals(ExifFacts.NONE, ExifFacts.read(jpeg()));
    assertEquals(ExifFacts.NONE, ExifFacts.read(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe1, 0, 8, 'E', 'x'}));
    assertEquals(ExifFacts.NONE, ExifFacts.read(new byte[0]));
    TiffOutputSet onlyCamera = new TiffOutputSet();
    onlyCamera.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_MODEL, "Z");
    ExifFacts f = ExifFacts.read(withExif(jpeg(), onlyCamera));
    assertEquals("Z", f.model());
    assertNull(f.taken());
    assertNull(f.latitude());
  }
  /**
   * Only IFD0 and the EXIF and GPS directories it points to are read: chains of nested SubIFDs
   * (3,600 in a 64 KB JPEG, 20,000 in a PNG's eXIf) overflowed a server thread's 1 MB stack in
   * metadata-extractor's recursion. Read on such a thread, they give no facts and no error.
   */
  @Test
  void nestedSubIfdChainsAreNotFollowed() throws Exception {
    for (byte[] picture : new byte[][] {Bombs.jpegExifSubIfds(3_600), Bombs.pngExifSubIfds(20_000)}) {
      assertEquals(ExifFacts.NONE, onServerThread(() -> ExifFacts.read(picture)));
    }
  }

  /** Entries that all claim the same 60 KB (5,000 of them: 300 MB) make the block unread, not copied 5,000 times. */
  @Test
  void entriesClaimingMoreThanTheBlockHoldsLeaveItUnread() throws Exception {
    byte[] picture = Bombs.jpegExifOverlappingValues(5_000, 60_000);
    long before = allocated();
    assertEquals(ExifFacts.NONE, ExifFacts.read(picture));
    long bytes = allocated() - before;
    assertTrue(bytes < 4L << 20, "reading allocated " + (bytes >> 10) + " KB");
  }

  private static ExifFacts onServerThread(java.util.function.Supplier<ExifFacts> read) throws Exception {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread t = new Thread(null, () -> {
      try {
        result.set(read.get());
      } catch (Throwable e) {
        result.set(e);
      }
    }, "worker", 1 << 20);
    t.start();
    t.join();
    if (result.get() instanceof Throwable e) {
      throw new AssertionError("reading EXIF threw " + e, e);
    }
    return (ExifFacts) result.get();
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }
}

package dev.mmsearch.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.image.BufferedImage;
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
}

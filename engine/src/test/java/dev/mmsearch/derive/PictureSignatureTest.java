package dev.mmsearch.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmsearch.extract.ImageDecoder;
import dev.mmsearch.extract.ImageLimits;
import dev.mmsearch.testing.TestModels;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import org.junit.jupiter.api.Test;

/**
 * The picture signature against imagehash's published definitions (reference hashes written by
 * {@code bench/duplicates/imagehash_reference.py} with Pillow), and its behaviour on copies.
 */
class PictureSignatureTest {

  private static BufferedImage decode(String file) throws Exception {
    return new ImageDecoder(ImageLimits.DEFAULTS).decode(TestModels.reference(file));
  }

  @Test
  void matchesImagehashOnPillowsPixels() throws Exception {
    JsonNode reference = new ObjectMapper().readTree(TestModels.reference("imagehash.json").toFile());
    for (String file : List.of("photo.png", "small.png", "tall-alpha.png", "photo.bmp")) {
      PictureSignature s = PictureSignature.untrimmed(decode(file));
      assertEquals(reference.get(file).get("phash").asText(), String.format("%016x", s.phash()), file + " phash");
      assertEquals(reference.get(file).get("dhash").asText(), String.format("%016x", s.dhash()), file + " dhash");
    }
  }

  @Test
  void theVectorIsUnitAndItsDotProductCountsDifferingBits() throws Exception {
    PictureSignature a = PictureSignature.of(decode("photo.png"));
    PictureSignature b = PictureSignature.of(decode("small.png"));
    float[] va = a.vector();
    float[] vb = b.vector();
    double dot = 0;
    double norm = 0;
    for (int i = 0; i < va.length; i++) {
      dot += va[i] * vb[i];
      norm += va[i] * va[i];
    }
    assertEquals(1, norm, 1e-5);
    assertEquals(1 - 2.0 * a.hamming(b) / PictureSignature.BITS, dot, 1e-5);
    assertEquals(a, PictureSignature.fromVector(va));
    assertEquals(a.hamming(b), Bits.hamming(dot, PictureSignature.BITS));
  }

  @Test
  void copiesDifferInFewBitsAndOtherPicturesInMany() throws Exception {
    BufferedImage photo = decode("photo.png");
    PictureSignature original = PictureSignature.of(photo);
    BufferedImage half = new BufferedImage(photo.getWidth() / 2, photo.getHeight() / 2, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = half.createGraphics();
    g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(photo, 0, 0, half.getWidth(), half.getHeight(), null);
    g.dispose();
    BufferedImage jpeg = ImageIO.read(new java.io.ByteArrayInputStream(jpeg(photo, 0.4f)));
    assertTrue(original.hamming(PictureSignature.of(half)) <= 8, "half size: " + original.hamming(PictureSignature.of(half)));
    assertTrue(original.hamming(PictureSignature.of(jpeg)) <= 8, "JPEG 40: " + original.hamming(PictureSignature.of(jpeg)));
    int other = original.hamming(PictureSignature.of(decode("small.png")));
    assertTrue(other >= 40, "another picture: " + other);
  }

  @Test
  void aPlainMarginIsTrimmedSoASmallDrawingOnAPageIsComparedByItself() throws Exception {
    BufferedImage photo = decode("photo.png");
    BufferedImage page = new BufferedImage(photo.getWidth() * 3, photo.getHeight() * 3, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = page.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, page.getWidth(), page.getHeight());
    g.drawImage(photo, photo.getWidth() / 2, photo.getHeight(), null);
    g.dispose();
    BufferedImage content = PictureSignature.trimmed(page);
    assertEquals(photo.getWidth(), content.getWidth());
    assertEquals(photo.getHeight(), content.getHeight());
    assertTrue(PictureSignature.of(photo).hamming(PictureSignature.of(page)) <= 4, "the drawing alone and on its page");
    assertEquals(photo, PictureSignature.trimmed(photo), "no plain frame: the picture as it is");
  }

  static byte[] jpeg(BufferedImage image, float quality) throws Exception {
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam p = w.getDefaultWriteParam();
    p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    p.setCompressionQuality(quality);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var ios = ImageIO.createImageOutputStream(out)) {
      w.setOutput(ios);
      w.write(null, new IIOImage(image, null, null), p);
    }
    w.dispose();
    return out.toByteArray();
  }
}

package dev.mmsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Hit;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import dev.mmsearch.testing.TestModels;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real indexer stores each picture's derived metadata (numbers and keywords), and filters find pictures by it inside the kNN search. */
class PictureMetadataIndexTest {

  @TempDir
  Path tmp;

  @Test
  void sizeLookAndExifAreStoredAndFilterable() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("pictures"));
    BufferedImage bw = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = bw.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(200, 0, 200, 300);
    g.dispose();
    ImageIO.write(bw, "png", folder.resolve("bw.png").toFile());
    // Large enough that the decoder subsamples it: the stored size must still be 3000 x 2000.
    ImageIO.write(new BufferedImage(3000, 2000, BufferedImage.TYPE_INT_RGB), "png", folder.resolve("big.png").toFile());
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB), "jpeg", jpeg);
    TiffOutputSet exif = new TiffOutputSet();
    exif.getOrCreateExifDirectory().add(ExifTagConstants.EXIF_TAG_DATE_TIME_ORIGINAL, "2024:05:17 14:03:59");
    exif.setGpsInDegrees(-3.7038, 40.4168);
    exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_MAKE, "Acme Optics");
    exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_MODEL, "Field 100");
    ByteArrayOutputStream tagged = new ByteArrayOutputStream();
    new ExifRewriter().updateExifMetadataLossless(jpeg.toByteArray(), tagged, exif);
    Files.write(folder.resolve("madrid.jpg"), tagged.toByteArray());
    // Stored 64 x 48, shown turned a quarter (EXIF orientation 6): 48 wide, 64 high.
    TiffOutputSet turned = new TiffOutputSet();
    turned.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) 6);
    ByteArrayOutputStream portrait = new ByteArrayOutputStream();
    new ExifRewriter().updateExifMetadataLossless(jpeg.toByteArray(), portrait, turned);
    Files.write(folder.resolve("turned.jpg"), portrait.toByteArray());

    Path indexDir = tmp.resolve("index");
    try (Spaces spaces = TestModels.spaces()) {
      try (LuceneItemIndex writer = LuceneItemIndex.openForWriting(indexDir, spaces.schema());
          ErrorReport errors = new ErrorReport(null)) {
        JobSummary s = new IndexJob(spaces, writer, JobOptions.defaults()).run(List.of(folder), List.of(), errors, Progress.NONE);
        assertEquals(4, s.added(), String.valueOf(errors.errors()));
      }
      try (LuceneItemIndex index = LuceneItemIndex.openForReading(indexDir, spaces.schema(), Duration.ZERO)) {
        Map<String, Double> bwNumbers = index.get("bw.png").orElseThrow().numbers();
        assertEquals(400.0, bwNumbers.get("width"));
        assertEquals(300.0, bwNumbers.get("height"));
        assertEquals(0.5, bwNumbers.get("brightness"), 1e-9);
        assertEquals(1.0, bwNumbers.get("entropy"), 1e-9);
        assertEquals((double) Files.size(folder.resolve("bw.png")), bwNumbers.get("file_bytes"));
        assertFalse(bwNumbers.containsKey("taken"), "no EXIF, no capture time");
        Map<String, Double> big = index.get("big.png").orElseThrow().numbers();
        assertEquals(3000.0, big.get("width"));
        assertEquals(6.0, big.get("megapixels"), 1e-12);
        Map<String, Double> madrid = index.get("madrid.jpg").orElseThrow().numbers();
        assertEquals(2024.0, madrid.get("taken_year"));
        assertEquals((double) LocalDateTime.of(2024, 5, 17, 14, 3, 59).toEpochSecond(ZoneOffset.UTC), madrid.get("taken"));
        assertEquals(40.4168, madrid.get("latitude"), 1e-6);
        assertEquals(Map.of("format", List.of("jpeg"), "camera_make", List.of("Acme Optics"), "camera_model", List.of("Field 100"),
            "modality", List.of("image")),
            index.get("madrid.jpg").orElseThrow().metadata());
        assertEquals(Map.of("format", List.of("png"), "modality", List.of("image")), index.get("bw.png").orElseThrow().metadata());
        Filter acme = new Filter(Map.of("camera_make", Set.of("Acme Optics")), Set.of());
        assertEquals(List.of("madrid.jpg"),
            index.knn("clip.image", index.vector("bw.png", "clip.image").orElseThrow(), 10, acme).stream().map(Hit::id).toList());
        Map<String, Double> shown = index.get("turned.jpg").orElseThrow().numbers();
        assertEquals(List.of(48.0, 64.0), List.of(shown.get("width"), shown.get("height")));

        float[] q = index.vector("bw.png", "clip.image").orElseThrow();
        Filter wide = new Filter(Map.of(), Set.of(), Map.of("width", new Filter.Range(1000.0, null)));
        assertEquals(List.of("big.png"), index.knn("clip.image", q, 10, wide).stream().map(Hit::id).toList());
        Filter in2024 = new Filter(Map.of(), Set.of(), Map.of("taken_year", new Filter.Range(2024.0, 2024.0)));
        assertEquals(List.of("madrid.jpg"), index.knn("clip.image", q, 10, in2024).stream().map(Hit::id).toList());
        // Near a point, from the GPS the EXIF gave: Toledo is 67 km from Madrid, Barcelona 505 km.
        Filter nearToledo = new Filter(Map.of(), Set.of(), Map.of(), new Filter.Near(39.8628, -4.0273, 100_000));
        assertEquals(List.of("madrid.jpg"), index.knn("clip.image", q, 10, nearToledo).stream().map(Hit::id).toList());
        Filter nearBarcelona = new Filter(Map.of(), Set.of(), Map.of(), new Filter.Near(41.3874, 2.1686, 100_000));
        assertEquals(List.of(), index.knn("clip.image", q, 10, nearBarcelona));
      }
    }
  }
}

package dev.mmsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.derive.Palette;
import dev.mmsearch.derive.PaletteEncoder;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.index.Filter;
import dev.mmsearch.query.Fusion;
import dev.mmsearch.query.MultimodalSearcher;
import dev.mmsearch.query.QueryPart;
import dev.mmsearch.query.SearchRequest;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A derived space end to end: a catalog names {@code "derived": "palette"} (no model folder), the
 * real indexer stores each picture's palette vector, and a picture query ranks by colour.
 */
class PaletteSearchTest {

  @TempDir
  static Path tmp;

  private static IndexedCollection collection;

  private static byte[] png(Color left, Color right, double leftShare) throws Exception {
    BufferedImage img = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(right);
    g.fillRect(0, 0, 160, 120);
    g.setColor(left);
    g.fillRect(0, 0, (int) Math.round(leftShare * 160), 120);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  @BeforeAll
  static void indexColours() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("pictures"));
    Files.write(folder.resolve("red.png"), png(Color.RED, Color.RED, 1));
    Files.write(folder.resolve("mixed.png"), png(Color.RED, Color.BLUE, 0.7));
    Files.write(folder.resolve("blue.png"), png(Color.BLUE, Color.BLUE, 1));
    Files.write(folder.resolve("green.png"), png(new Color(0, 160, 0), new Color(0, 160, 0), 1));
    Path catalog = Files.writeString(tmp.resolve("catalog.json"), "{\"spaces\": {\"palette\": {\"derived\": \"palette\"}}}");
    collection = IndexedCollection.of(catalog, folder, tmp.resolve("index"), 4);
  }

  @AfterAll
  static void close() throws Exception {
    collection.close();
  }

  @Test
  void theCatalogDeclaresADerivedSpaceWithItsOwnIdentity() {
    assertTrue(collection.spaces().get("palette").encoder(Modality.IMAGE) instanceof PaletteEncoder);
    assertEquals(Set.of("palette.image"), collection.index().state("red.png").orElseThrow().fields());
    assertTrue(collection.spaces().schema().toString().contains("palette-cielab"), collection.spaces().schema().toString());
    assertEquals(List.of("#ff0000"), collection.index().get("red.png").orElseThrow().metadata().get("palette"));
    assertEquals(List.of("#ff0000", "#0000ff"), collection.index().get("mixed.png").orElseThrow().metadata().get("palette"),
        "stored as keywords, largest share first");
  }

  @Test
  void aRedPictureRanksRedThenSeventyThirtyThenBlue() throws Exception {
    QueryPart red = new QueryPart.Media(collection.media().forFile("q.png").orElseThrow().decode(png(Color.RED, Color.RED, 1)), 1);
    List<String> ids = ids(red);
    assertEquals("red.png", ids.get(0), ids.toString());
    assertEquals("mixed.png", ids.get(1), ids.toString());
    assertTrue(ids.indexOf("blue.png") > 1 && ids.indexOf("green.png") > 1, ids.toString());
  }

  @Test
  void namedColoursRankByShareAndNearness() {
    assertEquals(List.of("red.png", "mixed.png"), ids(new QueryPart.Colours(Palette.of(List.of("#ff0000"), null), 1)).subList(0, 2));
    // Mostly blue with a little red: the 70/30 picture has both and comes before pure red.
    List<String> blueish = ids(new QueryPart.Colours(Palette.of(List.of("#0000ff", "#ff0000"), List.of(0.6, 0.4)), 1));
    assertEquals("mixed.png", blueish.getFirst(), blueish.toString());
    assertTrue(blueish.indexOf("green.png") == blueish.size() - 1, blueish.toString());
    // A dark green names no indexed colour exactly; the green picture is still nearest.
    assertEquals("green.png", ids(new QueryPart.Colours(Palette.of(List.of("#005000"), null), 1)).getFirst());
  }

  @Test
  void aPaletteSpaceBeforeAModelSpaceLeavesEachItsOwnPreparedInput() throws Exception {
    // The palette encoder prepares a palette on the decode thread; the ONNX encoder after it must
    // not take that for a picture.
    Path catalog = Files.writeString(tmp.resolve("both.json"), "{\"spaces\": {\"palette\": {\"derived\": \"palette\"}, "
        + "\"clip\": {\"model\": \"" + dev.mmsearch.testing.TestModels.dir().resolve("clip-tiny").toString().replace("\\", "/")
        + "\"}}}");
    try (IndexedCollection both = IndexedCollection.of(catalog, tmp.resolve("pictures"), tmp.resolve("both-index"), 4)) {
      assertTrue(both.index().state("red.png").orElseThrow().fields().containsAll(Set.of("palette.image", "clip.image")));
    }
  }

  @Test
  void aCatalogWithoutAPaletteSpaceRefusesColourParts() throws Exception {
    Path catalog = Files.writeString(tmp.resolve("no-palette.json"), "{\"spaces\": {\"clip\": {\"model\": \""
        + dev.mmsearch.testing.TestModels.dir().resolve("clip-tiny").toString().replace("\\", "/") + "\"}}}");
    try (Spaces other = Spaces.load(Catalog.load(catalog), EncoderOptions.DEFAULTS)) {
      MultimodalSearcher s = new MultimodalSearcher(other, collection.index());
      SearchRequest request = new SearchRequest(List.of(new QueryPart.Colours(Palette.of(List.of("#ff0000"), null), 1)), 10, 0, 0,
          Filter.NONE, Fusion.DEFAULT, Double.NEGATIVE_INFINITY, Set.of(), Set.of());
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> s.search(request));
      assertTrue(e.getMessage().contains("no palette space"), e.getMessage());
    }
  }

  private static List<String> ids(QueryPart part) {
    return collection.ids(part, Set.of());
  }
}

package dev.mmsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import dev.mmsearch.query.MultimodalSearcher;
import dev.mmsearch.query.QueryPart;
import dev.mmsearch.query.SearchHit;
import dev.mmsearch.query.SearchRequest;
import dev.mmsearch.testing.TestModels;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README's main command does, with the starter bundle: index a folder of uncaptioned
 * pictures, then find them by text. Only the adapter links words to pixels here.
 */
class BundleSearchTest {

  @TempDir
  Path tmp;

  private static void draw(Path file, Color colour, String shape, int variant) throws Exception {
    BufferedImage img = new BufferedImage(200, 160, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 200, 160);
    g.setColor(colour);
    int x = 30 + variant * 17;
    int y = 20 + variant * 9;
    if (shape.equals("circle")) {
      g.fillOval(x, y, 100, 100);
    } else {
      g.fillRect(x, y, 100, 100);
    }
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }

  @Test
  void textFindsUncaptionedPicturesThroughTheAdapter() throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    for (int v = 0; v < 3; v++) {
      draw(photos.resolve("red-circle-" + v + ".png"), new Color(220, 30, 30), "circle", v);
      draw(photos.resolve("blue-square-" + v + ".png"), new Color(30, 60, 220), "square", v);
      draw(photos.resolve("green-circle-" + v + ".png"), new Color(30, 160, 60), "circle", v);
    }
    Path catalog = TestModels.bundle("catalog.json");
    try (Spaces spaces = Spaces.load(Catalog.load(catalog), EncoderOptions.DEFAULTS)) {
      try (LuceneItemIndex index = LuceneItemIndex.openForWriting(tmp.resolve("index"), spaces.schema());
          ErrorReport errors = new ErrorReport(null)) {
        // Without names: the files are named for what they show, and the names alone would answer.
        JobSummary s = new IndexJob(spaces, index, JobOptions.defaults().withNames(false))
            .run(List.of(photos), List.of(), errors, Progress.NONE);
        assertEquals(9, s.added(), String.valueOf(errors.errors()));
      }
      try (LuceneItemIndex index = LuceneItemIndex.openForReading(tmp.resolve("index"), spaces.schema(), Duration.ZERO)) {
        MultimodalSearcher searcher = new MultimodalSearcher(spaces, index);
        for (String query : List.of("a red circle", "a blue square", "a green circle")) {
          List<SearchHit> hits = searcher.search(SearchRequest.of(new QueryPart.Text(query, 1))).hits();
          String wanted = query.substring(2).replace(' ', '-');
          long top3 = hits.subList(0, 3).stream().filter(h -> h.item().id().startsWith(wanted)).count();
          assertTrue(top3 >= 2, query + " → " + hits.stream().map(h -> h.item().id()).toList());
        }
        // "More like this" on a picture: its near copies (the same drawing, shifted) come first.
        List<String> similar = searcher.search(SearchRequest.of(new QueryPart.ItemRef("red-circle-1.png", 1))).hits().stream()
            .map(h -> h.item().id()).toList();
        assertEquals(java.util.Set.of("red-circle-0.png", "red-circle-2.png"), java.util.Set.copyOf(similar.subList(0, 2)),
            "like red-circle-1.png: " + similar);
      }
    }
  }
}

package dev.mmsearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * A large collection of real pictures for benchmarks at sizes our sources do not reach: each
 * picture is one to three pictures of the given manifests (clip art, emoji, synthetic drawings)
 * scaled, flipped, turned and placed on a plain, gradient or white background of a random size, as
 * collages and product shots are. The embeddings of these pictures are what the bundle's encoders
 * really produce on drawings — their neighbourhoods, hubs and intrinsic dimension — unlike vectors
 * made by adding noise to real ones. Captions join the sources' captions. Deterministic for a seed:
 * picture {@code i} depends only on the seed and {@code i}.
 */
final class ComposedPictures {

  /** Longer side of a source picture held in memory; sources are drawn at most this large. */
  static final int SOURCE_SIDE = 160;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A source picture, scaled down once, with its caption and category. */
  record Source(BufferedImage picture, String text, String category) {}

  private ComposedPictures() {}

  /** Reads every picture of the manifests (lines without a readable image are skipped and counted). */
  static List<Source> sources(List<Path> manifests, PrintWriter out) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    List<Path> bases = new ArrayList<>();
    for (Path manifest : manifests) {
      Path base = manifest.toAbsolutePath().getParent();
      for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          JsonNode node = JSON.readTree(line);
          if (node.hasNonNull("image")) {
            lines.add(node);
            bases.add(base);
          }
        }
      }
    }
    AtomicInteger skipped = new AtomicInteger();
    List<Source> sources = IntStream.range(0, lines.size()).parallel().mapToObj(i -> {
      JsonNode node = lines.get(i);
      try {
        BufferedImage picture = ImageIO.read(bases.get(i).resolve(node.get("image").asText()).toFile());
        if (picture == null) {
          skipped.incrementAndGet();
          return null;
        }
        return new Source(shrink(picture), node.path("text").asText(""), node.path("category").asText(""));
      } catch (IOException | RuntimeException e) {
        skipped.incrementAndGet();
        return null;
      }
    }).filter(java.util.Objects::nonNull).toList();
    out.printf("%d source pictures read (%d skipped)%n", sources.size(), skipped.get());
    return sources;
  }

  /** Writes {@code count} pictures under {@code out}/pictures and their manifest {@code out}/pictures.jsonl. */
  static Path write(List<Source> sources, int count, long seed, Path dir, PrintWriter out) throws IOException {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("no source pictures");
    }
    Files.createDirectories(dir);
    String[] lines = new String[count];
    AtomicInteger done = new AtomicInteger();
    long start = System.nanoTime();
    IntStream.range(0, count).parallel().forEach(i -> {
      Random random = new Random(seed * 1_000_003L + i);
      List<Source> parts = new ArrayList<>();
      int n = random.nextDouble() < 0.5 ? 1 : random.nextDouble() < 0.6 ? 2 : 3;
      for (int p = 0; p < n; p++) {
        parts.add(sources.get(random.nextInt(sources.size())));
      }
      String name = String.format("pictures/%03d/%06d.jpg", i / 1000, i);
      Path file = dir.resolve(name);
      try {
        Files.createDirectories(file.getParent());
        writeJpeg(compose(parts, random), file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ObjectNode line = JSON.createObjectNode();
      line.put("id", "composed/" + i);
      line.put("image", name);
      line.put("text", String.join(" and ", parts.stream().map(Source::text).toList()));
      line.put("category", parts.get(0).category());
      lines[i] = line.toString();
      int d = done.incrementAndGet();
      if (d % 10_000 == 0) {
        out.printf("%,d pictures (%.0f/s)%n", d, d / ((System.nanoTime() - start) / 1e9));
        out.flush();
      }
    });
    Path manifest = dir.resolve("pictures.jsonl");
    try (BufferedWriter w = Files.newBufferedWriter(manifest, StandardCharsets.UTF_8)) {
      for (String line : lines) {
        w.write(line);
        w.newLine();
      }
    }
    return manifest;
  }

  static BufferedImage compose(List<Source> parts, Random random) {
    int width = 224 + random.nextInt(257);
    int height = 224 + random.nextInt(257);
    BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      double background = random.nextDouble();
      if (background < 0.4) {
        g.setColor(Color.WHITE);
      } else if (background < 0.7) {
        g.setColor(randomColour(random));
      } else {
        g.setPaint(new GradientPaint(0, 0, randomColour(random), random.nextInt(width), height, randomColour(random)));
      }
      g.fillRect(0, 0, width, height);
      int side = Math.min(width, height);
      for (Source part : parts) {
        BufferedImage picture = part.picture();
        double longest = side * (parts.size() == 1 ? 0.55 + 0.4 * random.nextDouble() : 0.3 + 0.35 * random.nextDouble());
        double scale = longest / Math.max(picture.getWidth(), picture.getHeight());
        double w = picture.getWidth() * scale;
        double h = picture.getHeight() * scale;
        double cx = w / 2 + random.nextDouble() * Math.max(0, width - w);
        double cy = h / 2 + random.nextDouble() * Math.max(0, height - h);
        AffineTransform at = new AffineTransform();
        at.translate(cx, cy);
        if (random.nextDouble() < 0.4) {
          at.rotate(Math.toRadians(-30 + 60 * random.nextDouble()));
        }
        at.scale(random.nextBoolean() ? -scale : scale, scale);
        at.translate(-picture.getWidth() / 2.0, -picture.getHeight() / 2.0);
        g.setComposite(AlphaComposite.SrcOver);
        g.drawImage(picture, at, null);
      }
    } finally {
      g.dispose();
    }
    if (random.nextDouble() < 0.3) {
      float factor = (float) (0.7 + 0.6 * random.nextDouble());
      new java.awt.image.RescaleOp(factor, 0, null).filter(canvas, canvas);
    }
    return canvas;
  }

  private static Color randomColour(Random random) {
    return Color.getHSBColor(random.nextFloat(), random.nextFloat(), 0.3f + 0.7f * random.nextFloat());
  }

  private static BufferedImage shrink(BufferedImage picture) {
    double scale = Math.min(1.0, (double) SOURCE_SIDE / Math.max(picture.getWidth(), picture.getHeight()));
    int w = Math.max(1, (int) Math.round(picture.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(picture.getHeight() * scale));
    BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = small.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(picture, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return small;
  }

  private static void writeJpeg(BufferedImage picture, Path file) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(file.toFile())) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.9f);
      writer.setOutput(stream);
      writer.write(null, new IIOImage(picture, null, null), param);
    } finally {
      writer.dispose();
    }
  }
}

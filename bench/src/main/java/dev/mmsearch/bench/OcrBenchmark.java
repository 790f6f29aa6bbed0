package dev.mmsearch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmsearch.derive.ocr.PictureText;
import dev.mmsearch.derive.ocr.TextReader;
import dev.mmsearch.extract.ImageDecoder;
import dev.mmsearch.extract.ImageLimits;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the OCR reader ({@link TextReader}) over a folder of pictures, one at a time on one
 * thread, and writes what {@code bench/ocr/score.py} scores: one {@code {"file", "text",
 * "seconds", "gated"}} line per picture (the text's lines joined by a newline). Also the time per
 * picture: the gate alone on every picture, and the full read, split by whether the picture has
 * text by the reader's own verdict. Pictures are decoded at full size by the product's decoder
 * before the clock starts.
 */
final class OcrBenchmark {

  private OcrBenchmark() {}

  static void run(Path pictures, Path out, PrintWriter log) throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(pictures)) {
      files = s.filter(p -> p.toString().matches(".*\\.(png|jpg|jpeg)$")).sorted().toList();
    }
    ObjectMapper json = new ObjectMapper();
    ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULTS);
    List<Double> gate = new ArrayList<>();
    List<Double> withText = new ArrayList<>();
    List<Double> without = new ArrayList<>();
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (TextReader reader = TextReader.load(); BufferedWriter w = Files.newBufferedWriter(out)) {
      // Warm up the sessions on the first picture, untimed.
      reader.read(decoder.decode(Files.readAllBytes(files.getFirst())));
      for (Path f : files) {
        BufferedImage picture = decoder.decode(Files.readAllBytes(f));
        long t0 = System.nanoTime();
        boolean hasText = reader.hasText(picture);
        long t1 = System.nanoTime();
        PictureText text = reader.read(picture);
        long t2 = System.nanoTime();
        gate.add((t1 - t0) / 1e6);
        (text.isEmpty() ? without : withText).add((t2 - t1) / 1e6);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("file", f.getFileName().toString());
        line.put("text", text.text());
        line.put("seconds", (t2 - t1) / 1e9);
        line.put("gated", !hasText);
        w.write(json.writeValueAsString(line));
        w.newLine();
      }
      log.printf("%d pictures read by %s (%s); results in %s%n", files.size(), reader.identity().name(),
          reader.limits(), out);
    }
    log.printf("gate alone: median %.1f ms, p90 %.1f ms (%d pictures)%n", median(gate), p90(gate), gate.size());
    log.printf("full read, text found: median %.1f ms, p90 %.1f ms (%d)%n", median(withText), p90(withText), withText.size());
    log.printf("full read, no text found: median %.1f ms, p90 %.1f ms (%d)%n", median(without), p90(without), without.size());
  }

  private static double median(List<Double> xs) {
    return quantile(xs, 0.5);
  }

  private static double p90(List<Double> xs) {
    return quantile(xs, 0.9);
  }

  private static double quantile(List<Double> xs, double q) {
    if (xs.isEmpty()) {
      return Double.NaN;
    }
    double[] s = xs.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(s);
    return s[(int) Math.min(s.length - 1, Math.floor(q * s.length))];
  }
}

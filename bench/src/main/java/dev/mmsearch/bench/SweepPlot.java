package dev.mmsearch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Recall–latency curves of a {@link KnnSweep}: one PNG per vector format, one line per HNSW setting, a point per candidate count. */
final class SweepPlot {

  private SweepPlot() {}

  static List<Path> write(List<KnnSweep.Point> points, String data, Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, List<KnnSweep.Point>> byFormat = new LinkedHashMap<>();
    points.forEach(p -> byFormat.computeIfAbsent(p.setting().format().id(), f -> new ArrayList<>()).add(p));
    List<Path> out = new ArrayList<>();
    for (Map.Entry<String, List<KnnSweep.Point>> e : byFormat.entrySet()) {
      XYChart chart = new XYChartBuilder().width(900).height(500)
          .title(e.getKey() + ": " + data)
          .xAxisTitle("p50 latency, ms (one thread)").yAxisTitle("recall@10 against exact search").build();
      chart.getStyler().setYAxisMax(1.0).setYAxisMin(Math.max(0, e.getValue().stream().mapToDouble(KnnSweep.Point::recall).min()
          .orElse(0) - 0.05)).setLegendVisible(true);
      Map<String, List<KnnSweep.Point>> bySetting = new LinkedHashMap<>();
      e.getValue().forEach(p -> bySetting.computeIfAbsent("m " + p.setting().m() + ", beam " + p.setting().beamWidth(),
          s -> new ArrayList<>()).add(p));
      for (Map.Entry<String, List<KnnSweep.Point>> s : bySetting.entrySet()) {
        chart.addSeries(s.getKey() + " (candidates " + s.getValue().stream().map(p -> String.valueOf(p.candidates()))
                .reduce((a, b) -> a + "/" + b).orElse("") + ")",
            s.getValue().stream().mapToDouble(KnnSweep.Point::p50Ms).toArray(),
            s.getValue().stream().mapToDouble(KnnSweep.Point::recall).toArray()).setMarker(SeriesMarkers.CIRCLE);
      }
      Path png = dir.resolve("knn-" + e.getKey() + ".png");
      BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
      out.add(png);
    }
    return out;
  }
}

package dev.mmsearch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mmsearch.index.Moment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The video benchmark's measures of time, on cases worked out by hand in the comments. */
class VideoMetricsTest {

  private static final double EPS = 1e-9;

  @Test
  void iouOfRanges() {
    // Equal: 1. Disjoint or touching: 0.
    assertEquals(1.0, VideoMetrics.iou(2, 6, 2, 6), EPS);
    assertEquals(0.0, VideoMetrics.iou(0, 2, 2, 5), EPS);
    assertEquals(0.0, VideoMetrics.iou(0, 1, 3, 5), EPS);
    // [0, 4] and [2, 8]: intersection 2, union 8 -> 0.25; symmetric.
    assertEquals(0.25, VideoMetrics.iou(0, 4, 2, 8), EPS);
    assertEquals(0.25, VideoMetrics.iou(2, 8, 0, 4), EPS);
    // A moment inside a shot: [3, 5] in [2, 6] -> 2 / 4 = 0.5, just correct.
    assertEquals(0.5, VideoMetrics.iou(3, 5, 2, 6), EPS);
    // The whole 20 s video against a 4 s shot: 0.2 (the pooled baseline's "moment").
    assertEquals(0.2, VideoMetrics.iou(0, 20, 8, 12), EPS);
    assertThrows(IllegalArgumentException.class, () -> VideoMetrics.iou(3, 2, 0, 1));
  }

  @Test
  void boundariesNearestAndExtra() {
    // True changes at 4 and 9.5; found at 4.2, 7 and 9.
    List<Double> truth = List.of(4.0, 9.5);
    List<Double> found = List.of(4.2, 7.0, 9.0);
    assertEquals(0.2, VideoMetrics.nearest(4.0, found), 1e-12);
    assertEquals(0.5, VideoMetrics.nearest(9.5, found), 1e-12);
    assertEquals(Double.POSITIVE_INFINITY, VideoMetrics.nearest(1.0, List.of()));
    // 7 is 2.5 s from the nearest true change: the only extra at 1 s; at 0.3 s, 9.0 (0.5 away) is extra too.
    assertEquals(1, VideoMetrics.extra(found, truth, 1.0));
    assertEquals(2, VideoMetrics.extra(found, truth, 0.3));
  }

  @Test
  void segmentationAgainstTheTruth(@TempDir Path dir) throws Exception {
    // One 12 s video, shots [0, 4) [4, 9) [9, 12); the second begins with a dissolve.
    Files.writeString(dir.resolve("videos.jsonl"), """
        {"file": "v.mp4", "duration": 12.0, "width": 320, "height": 240, "fps": 24, "audio": null, "shots": 3}
        """);
    Files.writeString(dir.resolve("truth.jsonl"), """
        {"video": "v.mp4", "shot": 0, "start": 0.0, "end": 4.0, "caption": "a dog", "subject": "dog", "sound_kind": "none", "transition_in": null}
        {"video": "v.mp4", "shot": 1, "start": 4.0, "end": 9.0, "caption": "a cat", "subject": "cat", "sound_kind": "speech", "transition_in": "dissolve"}
        {"video": "v.mp4", "shot": 2, "start": 9.0, "end": 12.0, "caption": "a cow", "subject": "cow", "sound_kind": "none", "transition_in": "cut"}
        """);
    Files.writeString(dir.resolve("queries.jsonl"), "");
    Files.writeString(dir.resolve("distractors.jsonl"), "");
    VideoTruth truth = VideoTruth.load(dir);
    // Moments cut at 4.4 (0.4 s late: within 0.5 s, not 0.25 s) and 6.5 (2.5 s from any change: extra); the cut at 9
    // is missed (the nearest boundary, 6.5, is 2.5 s away).
    List<Moment> moments = List.of(new Moment(0, 4.4), new Moment(4.4, 6.5), new Moment(6.5, 12));
    var seg = VideoBenchmark.segmentation(truth, Map.of("v.mp4", moments));
    assertEquals(3, seg.get("moments").asInt());
    assertEquals(1, seg.get("extraBoundaries").asInt());
    assertEquals(0.0, seg.get("shotChanges").get("dissolve").get("within025").asDouble(), EPS);
    assertEquals(1.0, seg.get("shotChanges").get("dissolve").get("within05").asDouble(), EPS);
    assertEquals(0.0, seg.get("shotChanges").get("cut").get("within1").asDouble(), EPS);
    assertEquals(0.5, seg.get("shotChanges").get("all").get("within05").asDouble(), EPS);
    // Best IoU per shot: [0,4] vs [0,4.4] = 4/4.4; [4,9] vs [4.4,6.5] = 2.1/5 = 0.42 (vs [6.5,12]: 2.5/8) -> 0.42;
    // [9,12] vs [6.5,12] = 3/5.5. Correct (>= 0.5): shots 0 and 2 -> 2/3.
    assertEquals(2.0 / 3, seg.get("bestMomentCorrect").asDouble(), EPS);
    assertEquals((4 / 4.4 + 0.42 + 3 / 5.5) / 3, seg.get("bestMomentMeanIou").asDouble(), 1e-9);
  }
}

package dev.mmsearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ground truth of a video collection, as {@code bench/video/make_videos.py} writes it:
 * {@code videos.jsonl}, {@code truth.jsonl} (every shot), {@code queries.jsonl} (picture and sound
 * queries with their relevant shots) and {@code distractors.jsonl}, beside {@code videos/},
 * {@code pictures/}, {@code sounds/} and {@code queries/}.
 *
 * @param root the folder holding the files
 */
record VideoTruth(Path root, List<VideoFile> videos, List<Shot> shots, List<Query> queries, List<Distractor> distractors) {

  /** Sound kinds of a shot, in report order. */
  static final List<String> SOUND_KINDS = List.of("instrument", "effect", "speech", "none");

  /** A video: its file name under {@code videos/}, length in seconds, and whether it has a sound track. */
  record VideoFile(String file, double duration, int width, int height, double fps, boolean audio, int shots) {}

  /**
   * A shot: its video, 0-based position, time range (a shot ends where the next starts; at a
   * dissolve the boundary is the transition's middle), caption, subject, sound kind, how it begins
   * ({@code cut}, {@code dissolve}, {@code fadeblack}; null for a video's first shot) and the
   * held-out split of its picture and sound (null without a sound).
   */
  record Shot(String video, int shot, double start, double end, String caption, String subject, String soundKind,
      String transitionIn, String pictureSplit, String soundSplit) {
    Shot {
      if (!SOUND_KINDS.contains(soundKind)) {
        throw new IllegalArgumentException("sound_kind must be one of " + SOUND_KINDS + ", got: " + soundKind);
      }
      if (!(end > start) || start < 0) {
        throw new IllegalArgumentException("a shot needs 0 <= start < end, got: " + start + ".." + end + " (" + video + ")");
      }
    }
  }

  /** A shot as a query lists it: video, position and time range. */
  record Ref(String video, int shot, double start, double end) {}

  /**
   * A picture or sound query: the file under the root, its subject, the kind of sound
   * ({@code instrument}, {@code effect}, {@code speech}; null for a picture), whether the file is
   * the one cut into the videos, every shot of the subject ({@code relevant}) and, for a sound, the
   * shots whose sound is of the query's kind ({@code heard}).
   */
  record Query(String type, String subject, String caption, String path, String soundKind, boolean sameAsVideo,
      List<Ref> relevant, List<Ref> heard) {
    Query {
      if (!type.equals("picture") && !type.equals("sound")) {
        throw new IllegalArgumentException("query type must be picture or sound, got: " + type);
      }
      relevant = List.copyOf(relevant);
      heard = List.copyOf(heard);
    }
  }

  /** A distractor picture or sound under {@code pictures/} or {@code sounds/}. */
  record Distractor(String path, String kind, String subject, boolean inVideos, String split) {}

  /** The videos by file name. */
  Map<String, VideoFile> videosByFile() {
    Map<String, VideoFile> m = new TreeMap<>();
    videos.forEach(v -> m.put(v.file(), v));
    return m;
  }

  /** The shots of each video, in order. */
  Map<String, List<Shot>> shotsByVideo() {
    Map<String, List<Shot>> m = new TreeMap<>();
    shots.forEach(s -> m.computeIfAbsent(s.video(), v -> new ArrayList<>()).add(s));
    return m;
  }

  static VideoTruth load(Path root) throws IOException {
    for (String f : List.of("videos.jsonl", "truth.jsonl", "queries.jsonl", "distractors.jsonl")) {
      if (!Files.isRegularFile(root.resolve(f))) {
        throw new IllegalArgumentException("no " + f + " in " + root + " (write it with bench/video/make_videos.py)");
      }
    }
    List<VideoFile> videos = new ArrayList<>();
    for (JsonNode v : lines(root.resolve("videos.jsonl"))) {
      videos.add(new VideoFile(v.path("file").asText(), v.path("duration").asDouble(), v.path("width").asInt(),
          v.path("height").asInt(), v.path("fps").asDouble(), v.hasNonNull("audio"), v.path("shots").asInt()));
    }
    List<Shot> shots = new ArrayList<>();
    for (JsonNode s : lines(root.resolve("truth.jsonl"))) {
      shots.add(new Shot(s.path("video").asText(), s.path("shot").asInt(), s.path("start").asDouble(), s.path("end").asDouble(),
          s.path("caption").asText(), s.path("subject").asText(), s.path("sound_kind").asText(), text(s, "transition_in"),
          text(s, "picture_split"), text(s, "sound_split")));
    }
    List<Query> queries = new ArrayList<>();
    for (JsonNode q : lines(root.resolve("queries.jsonl"))) {
      queries.add(new Query(q.path("type").asText(), q.path("subject").asText(), q.path("caption").asText(), q.path("path").asText(),
          text(q, "sound_kind"), q.path("same_as_video").asBoolean(), refs(q.path("relevant")), refs(q.path("heard"))));
    }
    List<Distractor> distractors = new ArrayList<>();
    for (JsonNode d : lines(root.resolve("distractors.jsonl"))) {
      distractors.add(new Distractor(d.path("path").asText(), d.path("kind").asText(), d.path("subject").asText(),
          d.path("in_videos").asBoolean(), text(d, "split")));
    }
    VideoTruth truth = new VideoTruth(root, List.copyOf(videos), List.copyOf(shots), List.copyOf(queries), List.copyOf(distractors));
    Map<String, VideoFile> byFile = truth.videosByFile();
    truth.shotsByVideo().forEach((file, of) -> {
      VideoFile v = byFile.get(file);
      if (v == null || v.shots() != of.size()) {
        throw new IllegalArgumentException("truth.jsonl lists " + of.size() + " shots of " + file + ", videos.jsonl "
            + (v == null ? "no such video" : v.shots()));
      }
    });
    return truth;
  }

  private static List<JsonNode> lines(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          out.add(json.readTree(line));
        }
      }
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static List<Ref> refs(JsonNode array) {
    List<Ref> out = new ArrayList<>();
    for (JsonNode r : array) {
      out.add(new Ref(r.path("video").asText(), r.path("shot").asInt(), r.path("start").asDouble(), r.path("end").asDouble()));
    }
    return out;
  }
}

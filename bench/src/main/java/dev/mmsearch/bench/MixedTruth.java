package dev.mmsearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ground truth of a mixed collection, as {@code bench/mixed/build_mixed_collection.py} writes it
 * ({@code truth.json} beside {@code collection/} and {@code pictures-only/}): every item's label,
 * media and caption, and the queries.
 *
 * @param root the folder holding truth.json
 */
record MixedTruth(Path root, Path collection, Path picturesOnly, List<Label> labels, Map<String, Item> items, List<Query> queries) {

  /** The query types, in report order. */
  static final List<String> TYPES = List.of("text", "caption", "picture", "sound", "text+picture");

  /** A label: its text query and the media its items have. */
  record Label(String name, String query, Set<String> media) {}

  /**
   * An item of the collection: its id (the path of its first file, as the folder source names it),
   * its label (null for unlabelled noise), media and caption (null when uncaptioned), and where each
   * file came from.
   */
  record Item(String id, String label, Set<String> media, String caption, List<SourceFile> files) {
    boolean uncaptionedPicture() {
      return caption == null && media.equals(Set.of("image"));
    }

    /** "picture", "sound" or "picture+sound", for reports. */
    String kind() {
      return media.size() == 2 ? "picture+sound" : media.contains("image") ? "picture" : "sound";
    }
  }

  /** One file of an item: its modality, path in the collection, source and split (heldout, train, never-trained). */
  record SourceFile(String modality, String path, String source, String split) {}

  /**
   * A query: a type of {@link #TYPES}, the label whose items are relevant, and its parts (text, a
   * picture or a sound of the collection, relative to the root). {@code exclude} is the query's own
   * item, left out of the ranking and of the relevant items; {@code expect} the item a caption
   * query must rank first.
   */
  record Query(String type, String label, String text, String image, String audio, String exclude, String expect) {
    Query {
      if (!TYPES.contains(type)) {
        throw new IllegalArgumentException("query type must be one of " + TYPES + ", got: " + type);
      }
      if (text == null && image == null && audio == null) {
        throw new IllegalArgumentException("a query needs a text, an image or a sound");
      }
    }
  }

  static MixedTruth load(Path root) throws IOException {
    Path file = root.resolve("truth.json");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no truth.json in " + root + " (write it with bench/mixed/build_mixed_collection.py)");
    }
    JsonNode json = new ObjectMapper().readTree(file.toFile());
    if (json.path("version").asInt() != 1) {
      throw new IllegalArgumentException("truth.json version must be 1, got: " + json.path("version"));
    }
    List<Label> labels = new ArrayList<>();
    for (JsonNode l : json.path("labels")) {
      labels.add(new Label(l.path("name").asText(), l.path("query").asText(), strings(l.path("media"))));
    }
    Map<String, Item> items = new LinkedHashMap<>();
    for (JsonNode i : json.path("items")) {
      List<SourceFile> files = new ArrayList<>();
      for (JsonNode f : i.path("files")) {
        files.add(new SourceFile(f.path("modality").asText(), f.path("path").asText(), f.path("source").asText(), f.path("split").asText()));
      }
      Item item = new Item(i.path("id").asText(), text(i.path("label")), strings(i.path("media")), text(i.path("caption")), List.copyOf(files));
      if (items.put(item.id(), item) != null) {
        throw new IllegalArgumentException("item '" + item.id() + "' is listed twice in " + file);
      }
    }
    List<Query> queries = new ArrayList<>();
    for (JsonNode q : json.path("queries")) {
      queries.add(new Query(q.path("type").asText(), text(q.path("label")), text(q.path("text")), text(q.path("image")),
          text(q.path("audio")), text(q.path("exclude")), text(q.path("expect"))));
    }
    return new MixedTruth(root, root.resolve(json.path("collection").asText()), root.resolve(json.path("picturesOnly").asText()),
        List.copyOf(labels), Collections.unmodifiableMap(items), List.copyOf(queries));
  }

  /** The items of a label, in collection order. */
  List<Item> itemsOf(String label) {
    return items.values().stream().filter(i -> label != null && label.equals(i.label())).toList();
  }

  /** Every medium some item has. */
  Set<String> media() {
    Set<String> all = new TreeSet<>();
    items.values().forEach(i -> all.addAll(i.media()));
    return all;
  }

  /** Each item's media, by id. */
  Map<String, Set<String>> mediaById() {
    Map<String, Set<String>> m = new LinkedHashMap<>();
    items.values().forEach(i -> m.put(i.id(), i.media()));
    return m;
  }

  private static String text(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? null : n.asText();
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> s = new LinkedHashSet<>();
    array.forEach(n -> s.add(n.asText()));
    return Collections.unmodifiableSet(s);
  }
}

package dev.mmsearch.dup;

import dev.mmsearch.index.Item;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which member of a group to keep, and why, from the metadata the indexer derived. Criteria in
 * order, each narrowing the candidates the ones before left: the most pixels (a copy resized for the web is smaller), then the sharpest (a recompressed or blurred
 * copy is softer), then the oldest EXIF capture time (edits come later), then the largest file
 * (the least compressed), then the first id. Sounds: the longest, the highest sample rate, the
 * largest file. A criterion decides only when members differ in it by more than its tolerance
 * (1 % of pixels, 5 % of sharpness), so noise never picks.
 *
 * @param id the member to keep
 * @param reason the criteria that decided, with the values, e.g. "largest: 1024 × 768 px (next: 512 × 384 px)"
 */
public record KeepSuggestion(String id, String reason) {

  /** Chooses among a group's members (described items: metadata, no previews). */
  public static KeepSuggestion choose(List<Item> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a group has at least one member");
    }
    List<Item> sorted = members.stream().sorted(Comparator.comparing(Item::id)).toList();
    if (sorted.size() == 1) {
      return new KeepSuggestion(sorted.getFirst().id(), "only member");
    }
    // Each criterion: a value (higher is better), a relative tolerance, and how to say it.
    record Criterion(String name, java.util.function.ToDoubleFunction<Item> value, double tolerance,
        java.util.function.Function<Item, String> say) {}
    List<Criterion> criteria = List.of(
        new Criterion("largest", i -> num(i, "width") * num(i, "height"), 0.01,
            i -> fmt(num(i, "width")) + " × " + fmt(num(i, "height")) + " px"),
        new Criterion("sharpest", i -> num(i, "sharpness"), 0.05, i -> "sharpness " + fmt(num(i, "sharpness"))),
        new Criterion("oldest", i -> i.numbers().containsKey("taken") ? -num(i, "taken") : Double.NEGATIVE_INFINITY, 0,
            i -> "taken " + (i.numbers().containsKey("taken")
                ? java.time.Instant.ofEpochSecond((long) num(i, "taken")).toString().replace('T', ' ').replace("Z", "")
                : "unknown")),
        new Criterion("longest", i -> num(i, "duration"), 0.01, i -> fmt(num(i, "duration")) + " s"),
        new Criterion("highest sample rate", i -> num(i, "sample_rate"), 0, i -> fmt(num(i, "sample_rate")) + " Hz"),
        new Criterion("largest file", i -> Math.max(num(i, "file_bytes"), num(i, "audio_file_bytes")), 0.01,
            i -> fmt(Math.max(num(i, "file_bytes"), num(i, "audio_file_bytes"))) + " bytes"));
    List<Item> left = sorted;
    List<String> reasons = new java.util.ArrayList<>();
    for (Criterion c : criteria) {
      double best = left.stream().mapToDouble(c.value()).max().orElseThrow();
      if (!Double.isFinite(best) || best <= 0 && !c.name().equals("oldest")) {
        continue;
      }
      double bar = best - Math.abs(best) * c.tolerance();
      List<Item> top = left.stream().filter(i -> c.value().applyAsDouble(i) >= bar).toList();
      if (top.size() < left.size()) {
        Item next = left.stream().filter(i -> c.value().applyAsDouble(i) < bar)
            .max(Comparator.comparingDouble(c.value())).orElseThrow();
        reasons.add(c.name() + ": " + c.say().apply(top.getFirst()) + " (next: " + c.say().apply(next) + ")");
        left = top;
        if (left.size() == 1) {
          break;
        }
      }
    }
    if (reasons.isEmpty()) {
      return new KeepSuggestion(left.getFirst().id(), "alike in size, sharpness, date and file size: the first by id");
    }
    return new KeepSuggestion(left.getFirst().id(), String.join("; ", reasons) + (left.size() > 1 ? "; then the first by id" : ""));
  }

  private static double num(Item item, String key) {
    Map<String, Double> n = item.numbers();
    Double v = n.get(key);
    return v == null ? 0 : v;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
  }
}

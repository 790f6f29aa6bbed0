package dev.mmsearch.dup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The groups of one level, largest first, and which group each member is in. Stored beside an
 * embedded index as {@code duplicates/<level>.jsonl} (one group a line) and
 * {@code duplicates/<level>.summary.json}; written to a temporary file and moved into place, so a
 * reader never sees half a file. Immutable.
 *
 * @param level the level the groups were found at
 * @param groups the groups (two or more members each), largest first, then by their first id
 * @param summary what the run measured and decided (counts, thresholds, fields, time, memory)
 */
public record DuplicateGroups(DuplicateLevel level, List<Group> groups, Map<String, Object> summary) {

  /**
   * One group.
   *
   * @param number 1-based position in the list of its level
   * @param members item ids, sorted
   * @param keep the suggested member to keep, and why
   */
  public record Group(int number, List<String> members, KeepSuggestion keep) {
    public Group {
      members = List.copyOf(members);
      if (members.size() < 2) {
        throw new IllegalArgumentException("a group has at least 2 members, got: " + members.size());
      }
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  public DuplicateGroups {
    groups = List.copyOf(groups);
    summary = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(summary));
  }

  /** The group of each member id, built on first use. */
  public Map<String, Group> byMember() {
    Map<String, Group> out = new HashMap<>();
    for (Group g : groups) {
      for (String id : g.members()) {
        out.put(id, g);
      }
    }
    return out;
  }

  /** Items in groups. */
  public long members() {
    return groups.stream().mapToLong(g -> g.members().size()).sum();
  }

  /** The folder an embedded index keeps its groups in. */
  public static Path folder(Path index) {
    return index.resolve("duplicates");
  }

  public static Path file(Path folder, DuplicateLevel level) {
    return folder.resolve(level.id() + ".jsonl");
  }

  public static Path summaryFile(Path folder, DuplicateLevel level) {
    return folder.resolve(level.id() + ".summary.json");
  }

  /** Writes the groups and the summary into {@code folder}, each through a temporary file moved into place. */
  public void write(Path folder) throws IOException {
    Files.createDirectories(folder);
    Path tmp = Files.createTempFile(folder, level.id(), ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (Group g : groups) {
        ObjectNode line = JSON.createObjectNode();
        line.put("group", g.number());
        line.put("level", level.id());
        line.put("size", g.members().size());
        line.put("keep", g.keep().id());
        line.put("reason", g.keep().reason());
        line.set("members", JSON.valueToTree(g.members()));
        w.write(JSON.writeValueAsString(line));
        w.write('\n');
      }
    }
    Files.move(tmp, file(folder, level), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Path stmp = Files.createTempFile(folder, level.id(), ".tmp");
    Files.writeString(stmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n");
    Files.move(stmp, summaryFile(folder, level), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The groups of {@code level} in {@code folder}, or empty when none were written. */
  @SuppressWarnings("unchecked")
  public static Optional<DuplicateGroups> read(Path folder, DuplicateLevel level) throws IOException {
    Path file = file(folder, level);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    List<Group> groups = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = JSON.readTree(line);
        List<String> members = new ArrayList<>();
        n.get("members").forEach(m -> members.add(m.asText()));
        groups.add(new Group(n.get("group").asInt(), members, new KeepSuggestion(n.get("keep").asText(), n.get("reason").asText())));
      }
    }
    Path s = summaryFile(folder, level);
    Map<String, Object> summary = Files.isRegularFile(s) ? JSON.readValue(s.toFile(), Map.class) : Map.of();
    return Optional.of(new DuplicateGroups(level, groups, summary));
  }
}

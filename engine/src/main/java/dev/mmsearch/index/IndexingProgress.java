package dev.mmsearch.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How far the indexing job that wrote an index's latest commit had got, as that commit records it:
 * what lets a server started beside a long first load ({@code mmsearch demo}) say how much of the
 * folder its answers cover. The job records it with each of its commits, so a reader sees it move
 * at the job's commit pace ({@code --commit-every}, {@code --commit-seconds}); a job that was
 * killed leaves {@link #running} true with a {@link #committed} time that stops moving.
 *
 * @param running whether the job was still going at that commit (false on its last one)
 * @param listed the items the job set out to read, or -1 when it could not count them first
 * @param finished the items it had finished with (indexed, unchanged, skipped or failed)
 * @param failed the items among them it skipped or could not index
 * @param started when the job started
 * @param committed when it wrote this commit
 */
public record IndexingProgress(boolean running, long listed, long finished, long failed, Instant started, Instant committed) {

  /** Commit-data key of the progress (JSON). */
  public static final String COMMIT_KEY = "mmsearch.progress";

  private static final ObjectMapper JSON = new ObjectMapper();

  public IndexingProgress {
    java.util.Objects.requireNonNull(started, "started");
    java.util.Objects.requireNonNull(committed, "committed");
    if (finished < 0 || failed < 0 || failed > finished || listed < -1) {
      throw new IllegalArgumentException("inconsistent progress: listed " + listed + ", finished " + finished + ", failed " + failed);
    }
  }

  /**
   * The progress {@code commitData} records, or empty for an index no job recorded it in (written
   * before it was, by a bulk job's partitions, or by a tool). An unreadable value reads as empty:
   * progress is information for people, never a reason to refuse a search.
   */
  public static Optional<IndexingProgress> of(Map<String, String> commitData) {
    String json = commitData.get(COMMIT_KEY);
    if (json == null) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(json);
      return Optional.of(new IndexingProgress(n.required("running").asBoolean(), n.required("listed").asLong(),
          n.required("finished").asLong(), n.required("failed").asLong(), Instant.parse(n.required("started").asText()),
          Instant.parse(n.required("committed").asText())));
    } catch (JsonProcessingException | IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** This progress as commit data. */
  public String toJson() {
    try {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("running", running);
      fields.put("listed", listed);
      fields.put("finished", finished);
      fields.put("failed", failed);
      fields.put("started", started.toString());
      fields.put("committed", committed.toString());
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.mmsearch.api;

import dev.mmsearch.catalog.Space;
import dev.mmsearch.derive.LookWords;
import dev.mmsearch.index.IndexStats;
import dev.mmsearch.index.IndexingProgress;
import dev.mmsearch.index.VectorFieldSpec;
import dev.mmsearch.query.PartTypes;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


/** What the index holds and which models serve it. */
@Path("/api/stats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "stats")
public class StatsResource {

  @Inject
  SearchEngine engine;

  record FieldView(String field, String space, String modality, int dimension, String similarity, String format,
      String model, String modelSha256, long vectors) {}

  record SpaceView(String name, int dimension, List<String> modalities) {}

  record StatsView(long items, long version, List<SpaceView> spaces, List<FieldView> fields,
      @Schema(required = true, description = "Part types this catalog can answer (text, image, audio, item, palette, "
          + "metadata): what a query may be composed of.") List<String> partTypes,
      @Schema(required = true, description = "Words a metadata part's \"describe\" understands.") List<String> lookWords,
      @Schema(nullable = true, description = "How far the indexing job that wrote the latest commit had got, as that commit "
          + "records it (null when no job recorded it): while running is true the index is still being loaded and answers "
          + "cover the items finished so far.") IndexingView indexing) {}

  record IndexingView(
      @Schema(required = true, description = "Whether the job was still going at the latest commit; a job that was "
          + "stopped leaves true with a committed time that no longer moves.") boolean running,
      @Schema(required = true, description = "Items the job set out to read, or -1 when it could not count them first.") long listed,
      @Schema(required = true, description = "Items it had finished with: indexed, unchanged, skipped or failed.") long finished,
      @Schema(required = true, description = "Items among them it skipped or could not index.") long failed,
      @Schema(required = true, description = "When the job started (ISO-8601).") String started,
      @Schema(required = true, description = "When it wrote the latest commit (ISO-8601).") String committed,
      @Schema(required = true, description = "Seconds from that commit to this answer, by the server's clock: a running "
          + "job commits at least every --commit-seconds while items finish, so a figure that keeps growing says it "
          + "stopped or is stuck on one file.") long sinceCommitSeconds) {

    static IndexingView of(IndexingProgress p, Instant now) {
      return new IndexingView(p.running(), p.listed(), p.finished(), p.failed(), p.started().toString(), p.committed().toString(),
          Math.max(0, Duration.between(p.committed(), now).toSeconds()));
    }
  }

  @GET
  @Operation(operationId = "getStats", summary = "What the index holds",
      description = "Items, spaces, and per field its dimension, similarity, vector format, model identity and vector count; and how "
          + "far the indexing job that wrote the latest commit had got.")
  @APIResponse(responseCode = "200", description = "Index statistics.",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StatsView.class)))
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  public StatsView stats() {
    IndexStats s = engine.index().stats();
    List<SpaceView> spaces = engine.spaces().all().stream()
        .map((Space sp) -> new SpaceView(sp.name(), sp.dimension(), sp.modalities().stream().map(m -> m.id()).toList()))
        .toList();
    List<FieldView> fields = s.schema().fields().values().stream()
        .map((VectorFieldSpec f) -> new FieldView(f.name(), f.space(), f.modality().id(), f.dimension(), f.similarity().id(),
            f.format().id(), f.model().name(), f.model().sha256(), s.vectors().getOrDefault(f.name(), 0L)))
        .toList();
    // The part types this catalog can answer: text, items and metadata always, media where a space encodes them, ...
    List<String> partTypes = PartTypes.of(engine.media().all()).answerable(engine.spaces());
    IndexingView indexing = IndexingProgress.of(engine.index().commitData()).map(p -> IndexingView.of(p, Instant.now())).orElse(null);
    return new StatsView(s.items(), s.version(), spaces, fields, partTypes, List.copyOf(LookWords.words()), indexing);
  }
}

package dev.mmsearch.api;

import dev.mmsearch.catalog.Space;
import dev.mmsearch.derive.LookWords;
import dev.mmsearch.index.IndexStats;
import dev.mmsearch.index.VectorFieldSpec;
import dev.mmsearch.query.PartTypes;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
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
      @Schema(required = true, description = "Words a metadata part's \"describe\" understands.") List<String> lookWords) {}

  @GET
  @Operation(operationId = "getStats", summary = "What the index holds",
      description = "Items, spaces, and per field its dimension, similarity, vector format, model identity and vector count.")
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
    return new StatsView(s.items(), s.version(), spaces, fields, partTypes, List.copyOf(LookWords.words()));
  }
}

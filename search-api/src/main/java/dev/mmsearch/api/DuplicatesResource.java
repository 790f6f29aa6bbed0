package dev.mmsearch.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Groups of duplicates, near-duplicates and similar items, as {@code mmsearch duplicates} found them. */
@Path("/api/duplicates")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "duplicates")
@APIResponse(responseCode = "400", ref = "BadRequest")
@APIResponse(responseCode = "401", ref = "Unauthorized")
public class DuplicatesResource {

  @Inject
  DuplicatesService service;

  @GET
  @Operation(operationId = "getDuplicates", summary = "A page of duplicate groups",
      description = "The groups of one level, largest first, each with its members and the member suggested to keep. "
          + DuplicateViews.LEVELS)
  @Parameter(name = "level", in = ParameterIn.QUERY, description = "Which groups.",
      schema = @Schema(type = SchemaType.STRING, enumeration = {"exact", "near", "similar"}, defaultValue = "near"))
  @Parameter(name = "offset", in = ParameterIn.QUERY, description = "Groups to skip.",
      schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
  @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Groups per page.",
      schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + DuplicatesService.MAX_LIMIT, defaultValue = "20"))
  @APIResponse(responseCode = "200", description = "One page of groups.",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DuplicateViews.PageView.class)))
  @APIResponse(responseCode = "409", ref = "Conflict")
  public DuplicateViews.PageView page(@Context UriInfo uri) {
    var params = uri.getQueryParameters();
    QueryParams.check(params, java.util.Set.of("level", "offset", "limit"), "query parameter");
    return service.page(params.getFirst("level"), QueryParams.integer("offset", params.getFirst("offset")),
        QueryParams.integer("limit", params.getFirst("limit")));
  }

  @GET
  @Path("/levels")
  @Operation(operationId = "getDuplicateLevels", summary = "Which levels have groups",
      description = "The levels `mmsearch duplicates` has been run for on this index, with counts and whether the index changed "
          + "since. " + DuplicateViews.LEVELS)
  @APIResponse(responseCode = "200", description = "The levels found, in order exact, near, similar.",
      content = @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(type = SchemaType.ARRAY, implementation = DuplicateViews.LevelView.class)))
  public List<DuplicateViews.LevelView> levels() {
    return service.levels();
  }
}

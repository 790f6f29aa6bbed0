package dev.mmsearch.api;

import dev.mmsearch.api.Dtos.SearchBody;
import dev.mmsearch.api.Dtos.SearchResponse;
import dev.mmsearch.api.SearchService.Options;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Set;
import dev.mmsearch.query.PartTypes;
import dev.mmsearch.query.QueryPart;
import dev.mmsearch.query.SearchRequest;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/** Multimodal search: JSON queries with any parts, a multipart form with text and an image, or a GET with text. */
@Path("/api/search")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "search")
@APIResponse(responseCode = "400", ref = "BadRequest")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "414", ref = "UriTooLong")
@APIResponse(responseCode = "503", ref = "Unavailable")
public class SearchResource {

  /** The part types a GET reads: the text-valued ones, which do not depend on the media (a GET uploads nothing). */
  static final PartTypes GET_PARTS = PartTypes.of(List.of());

  static final Set<String> GET_PARAMS = union(Options.NAMES, GET_PARTS.queryFields());

  static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  @Inject
  SearchService service;

  @Inject
  SearchForms forms;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(operationId = "search", summary = "Search with text, images and items, fused",
      description = "Each part is embedded by every space accepting its modality and searched in every field of those "
          + "spaces (text parts also by BM25); the ranked lists are fused into one ranking, each hit explained per part, "
          + "space and field. JSON takes any parts; the multipart form takes text and one uploaded image. Pages of one "
          + "query with the same window never overlap.")
  @RequestBody(required = true, content = {
      @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SearchBody.class)),
      @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(ref = "SearchForm"))})
  @APIResponse(responseCode = "200", description = "One page of the fused ranking.",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SearchResponse.class)))
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "409", ref = "Conflict")
  @APIResponse(responseCode = "413", ref = "ContentTooLarge")
  @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
  @APIResponse(responseCode = "422", ref = "Unprocessable")
  public SearchResponse json(SearchBody body) {
    return service.search(body);
  }

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Operation(hidden = true)
  public SearchResponse form(MultipartFormDataInput form, @Context HttpHeaders headers) {
    String type = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith(MediaType.MULTIPART_FORM_DATA)) {
      // Quarkus REST routes a body without Content-Type here; it is not a form.
      return other(headers);
    }
    return forms.search(form);
  }

  /** Any other body (or none): say which two are understood rather than guessing. */
  @POST
  @Consumes(MediaType.WILDCARD)
  @Operation(hidden = true)
  public SearchResponse other(@Context HttpHeaders headers) {
    String type = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
    throw new NotSupportedException((type == null ? "request has no Content-Type" : "Content-Type '" + type + "' is not accepted")
        + "; send application/json or multipart/form-data");
  }

  @GET
  @Operation(operationId = "searchText", summary = "Search with text, colours and look words",
      description = "For links and quick tests: text (embedded by every space with a text encoder and matched by BM25), "
          + "colours (searched in palette spaces) and look words (soft metadata targets), alone or together; give at least one.")
  @Parameter(name = "q", in = ParameterIn.QUERY, description = "Text to match (also accepted as \"text\").",
      schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = QueryPart.MAX_TEXT_CHARS))
  @Parameter(name = "text", in = ParameterIn.QUERY, description = "Text to match, as \"q\".",
      schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = QueryPart.MAX_TEXT_CHARS))
  @Parameter(name = "textWeight", in = ParameterIn.QUERY, description = "Weight of the text part.",
      schema = @Schema(type = SchemaType.NUMBER, defaultValue = "1"))
  @Parameter(name = "colours", in = ParameterIn.QUERY, description = "Colours as #rrggbb separated by commas (a palette part).",
      schema = @Schema(type = SchemaType.STRING))
  @Parameter(name = "proportions", in = ParameterIn.QUERY, description = "Share of each colour, separated by commas.",
      schema = @Schema(type = SchemaType.STRING))
  @Parameter(name = "coloursWeight", in = ParameterIn.QUERY, description = "Weight of the palette part.",
      schema = @Schema(type = SchemaType.NUMBER, defaultValue = "1"))
  @Parameter(name = "look", in = ParameterIn.QUERY, description = "Look words, e.g. bright, colourful, landscape (a metadata part).",
      schema = @Schema(type = SchemaType.STRING))
  @Parameter(name = "lookWeight", in = ParameterIn.QUERY, description = "Weight of the metadata part.",
      schema = @Schema(type = SchemaType.NUMBER, defaultValue = "1"))
  @Parameter(name = "coloursRoute", in = ParameterIn.QUERY, description = "Route of the palette part (as \"route\" in a JSON part).",
      schema = @Schema(type = SchemaType.STRING, enumeration = {"direct", "predicted", "both"}))
  @Parameter(name = "lookRoute", in = ParameterIn.QUERY, description = "Route of the metadata part (as \"route\" in a JSON part).",
      schema = @Schema(type = SchemaType.STRING, enumeration = {"direct", "predicted", "both"}))
  @Parameter(name = "k", in = ParameterIn.QUERY, description = "Hits per page.",
      schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + SearchRequest.MAX_K,
          defaultValue = "" + SearchRequest.DEFAULT_K))
  @Parameter(name = "offset", in = ParameterIn.QUERY, description = "Hits to skip; at most the window.",
      schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "" + SearchRequest.MAX_WINDOW, defaultValue = "0"))
  @Parameter(name = "window", in = ParameterIn.QUERY, description = SearchService.Options.WINDOW_DOC,
      schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + SearchRequest.MAX_WINDOW))
  @Parameter(name = "fusion", in = ParameterIn.QUERY, description = "How ranked lists are combined.",
      schema = @Schema(type = SchemaType.STRING, enumeration = {"score", "rrf"}, defaultValue = "score"))
  @Parameter(name = "facets", in = ParameterIn.QUERY, description = SearchService.Options.FACETS_DOC,
      schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
  @Parameter(name = "collapse", in = ParameterIn.QUERY, description = SearchService.Options.COLLAPSE_DOC,
      schema = @Schema(type = SchemaType.STRING, enumeration = {"exact", "near", "none"}))
  @APIResponse(responseCode = "409", ref = "Conflict")
  @APIResponse(responseCode = "200", description = "One page of the fused ranking.",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SearchResponse.class)))
  public SearchResponse get(@Context UriInfo uri) {
    var params = uri.getQueryParameters();
    QueryParams.check(params, GET_PARAMS, "query parameter");
    return service.search(GET_PARTS.fromForm(params::getFirst), List.of(), Options.parse(params::getFirst));
  }
}

package dev.mmsearch.api;

import dev.mmsearch.api.Dtos.ItemView;
import dev.mmsearch.api.Dtos.SearchResponse;
import dev.mmsearch.api.SearchService.Options;
import dev.mmsearch.index.Item;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import dev.mmsearch.query.SearchRequest;
import java.util.NoSuchElementException;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Items by id (ids may contain slashes: they are relative paths), their media and their neighbours. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", ref = "BadRequest")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "404", ref = "NotFound")
@APIResponse(responseCode = "414", ref = "UriTooLong")
public class ItemResource {

  private static final String ID = "Item id: a path relative to an indexed folder (slashes kept), or a manifest id.";


  @Inject
  MediaFiles media;

  @Inject
  SearchService search;

  @Inject
  SearchEngine engine;

  @Inject
  DuplicatesService duplicates;

  @GET
  @Path("/items/{id: .+}")
  @Tag(name = "items")
  @Operation(operationId = "getItem", summary = "An item",
      description = "The item's text, display fields, metadata and links, and the groups of duplicates it is in.")
  @APIResponse(responseCode = "200", description = "The item.",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ItemView.class)))
  public ItemView item(@Parameter(description = ID) @PathParam("id") String id) {
    return ItemView.of(media.item(id)).withDuplicates(duplicates.of(id));
  }

  @GET
  @Path("/similar/{id: .+}")
  @Tag(name = "search")
  @Operation(operationId = "moreLikeThis", summary = "Items like an indexed item",
      description = "The item's stored vectors are the query; the item itself is left out. Nothing is encoded.")
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
  @APIResponse(responseCode = "200", description = "One page of similar items.",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SearchResponse.class)))
  public SearchResponse similar(@Parameter(description = ID) @PathParam("id") String id, @Context UriInfo uri) {
    var params = uri.getQueryParameters();
    QueryParams.check(params, Options.NAMES, "query parameter");
    return search.similar(id, Options.parse(params::getFirst));
  }

  @GET
  @Path("/originals/{id: .+}")
  @Produces(MediaType.WILDCARD)
  @Tag(name = "items")
  @Operation(operationId = "getOriginal", summary = "An item's original file",
      description = "The item's first file (its picture, else its sound, else its video), or the one of ?modality=. Only files under the "
          + "folders the indexer read are served. Images and sounds go out with their type; any other file as an "
          + "application/octet-stream attachment.")
  @Parameter(name = "modality", in = ParameterIn.QUERY, description = "Which of the item's files: image, audio or video.",
      schema = @Schema(type = SchemaType.STRING)) // its values: RegistryOpenApiFilter
  @APIResponse(responseCode = "200", description = "The file.", content = {
      @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
      @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")),
      @Content(mediaType = "image/webp", schema = @Schema(type = SchemaType.STRING, format = "binary")),
      @Content(mediaType = "image/gif", schema = @Schema(type = SchemaType.STRING, format = "binary")),
      @Content(mediaType = "image/bmp", schema = @Schema(type = SchemaType.STRING, format = "binary")),
      @Content(mediaType = "audio/wav", schema = @Schema(type = SchemaType.STRING, format = "binary")),
      @Content(mediaType = "audio/flac", schema = @Schema(type = SchemaType.STRING, format = "binary")),
      @Content(mediaType = "audio/ogg", schema = @Schema(type = SchemaType.STRING, format = "binary")),
      @Content(mediaType = "audio/mpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")),
      @Content(mediaType = "video/mp4", schema = @Schema(type = SchemaType.STRING, format = "binary")),
      @Content(mediaType = "video/webm", schema = @Schema(type = SchemaType.STRING, format = "binary")),
      @Content(mediaType = "video/quicktime", schema = @Schema(type = SchemaType.STRING, format = "binary")),
      @Content(mediaType = "video/x-matroska", schema = @Schema(type = SchemaType.STRING, format = "binary")),
      @Content(mediaType = "application/octet-stream", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "206", description = "The part of the file a single Range header asked for (players seek this way).")
  @APIResponse(responseCode = "416", description = "The Range starts past the end of the file.")
  public Response original(@Parameter(description = ID) @PathParam("id") String id, @Context UriInfo uri,
      @jakarta.ws.rs.HeaderParam("Range") String range) throws java.io.IOException {
    var params = uri.getQueryParameters();
    QueryParams.check(params, Set.of("modality"), "query parameter");
    String modality = params.getFirst("modality");
    if (modality != null && engine.media().named(modality).isEmpty()) {
      throw new IllegalArgumentException("unknown modality '" + QueryParams.abbreviate(modality) + "' (files: "
          + engine.media().names() + ")");
    }
    MediaFiles.Original file = media.original(media.item(id), modality);
    long size = java.nio.file.Files.size(file.path());
    Response.ResponseBuilder r;
    try {
      var part = ByteRange.of(range, size);
      r = part.isEmpty() ? Response.ok(file.path().toFile(), file.mediaType())
          : Response.status(Response.Status.PARTIAL_CONTENT)
              .entity(new org.jboss.resteasy.reactive.PathPart(file.path(), part.get().first(), part.get().length()))
              .type(file.mediaType()).header("Content-Range", part.get().contentRange(size));
    } catch (ByteRange.Unsatisfiable e) {
      return Response.fromResponse(Problems.problem(416, "Range Not Satisfiable", e.getMessage()))
          .header("Content-Range", "bytes */" + e.size).build();
    }
    r.header("Accept-Ranges", "bytes").header("Cache-Control", "private, max-age=3600");
    if (!file.inline()) {
      r.header("Content-Disposition", "attachment");
    }
    return r.build();
  }

  @GET
  @Path("/thumbnails/{id: .+}")
  @Produces("image/jpeg")
  @Tag(name = "items")
  @Operation(operationId = "getThumbnail", summary = "An item's preview",
      description = "A JPEG of at most 256 pixels a side (the indexer's --thumbnail-size), made at index time.")
  @APIResponse(responseCode = "200", description = "The preview.",
      content = @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")))
  @Parameter(name = "moment", in = ParameterIn.QUERY, description = "A video's moment (0-based, as its moments list them): "
      + "that moment's preview instead of the item's.", schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
  public Response thumbnail(@Parameter(description = ID) @PathParam("id") String id, @Context UriInfo uri) {
    var params = uri.getQueryParameters();
    QueryParams.check(params, Set.of("moment"), "query parameter");
    Item item = media.item(id);
    media.requireNotDeleted(item);
    String moment = params.getFirst("moment");
    byte[] jpeg;
    if (moment != null) {
      int m = QueryParams.integer("moment", moment);
      if (item.moments().isEmpty()) {
        throw new NoSuchElementException("item '" + id + "' has no moments (only videos have)");
      }
      if (m < 0 || m >= item.moments().size()) {
        throw new IllegalArgumentException("moment must be in 0.." + (item.moments().size() - 1) + " for item '" + id
            + "', got: " + m);
      }
      jpeg = engine.index().momentThumbnail(id, m).orElseThrow(() -> new NoSuchElementException("moment " + m + " of item '"
          + id + "' has no preview (the cluster backend keeps none)"));
    } else {
      jpeg = engine.index().thumbnail(id).orElseThrow(() -> new NoSuchElementException("item '" + id
          + "' has no thumbnail (items without an image have none; an index built before thumbnails existed gets them"
          + " when the indexer runs again)"));
    }
    return Response.ok(jpeg, "image/jpeg")
        .header("Cache-Control", "private, max-age=3600")
        .tag(item.contentHash())
        .build();
  }
}

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
import java.util.NoSuchElementException;
import java.util.Set;

/** Items by id (ids may contain slashes: they are relative paths), their media and their neighbours. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ItemResource {

  static final Set<String> SIMILAR_PARAMS = Set.of("k", "offset", "window", "fusion");

  @Inject
  MediaFiles media;

  @Inject
  SearchService search;

  @Inject
  SearchEngine engine;

  @GET
  @Path("/items/{id: .+}")
  public ItemView item(@PathParam("id") String id) {
    return ItemView.of(media.item(id));
  }

  @GET
  @Path("/similar/{id: .+}")
  public SearchResponse similar(@PathParam("id") String id, @Context UriInfo uri) {
    var params = uri.getQueryParameters();
    QueryParams.check(params, SIMILAR_PARAMS, "query parameter");
    return search.similar(id, new Options(QueryParams.integer("k", params.getFirst("k")),
        QueryParams.integer("offset", params.getFirst("offset")), QueryParams.integer("window", params.getFirst("window")),
        params.getFirst("fusion")));
  }

  @GET
  @Path("/originals/{id: .+}")
  @Produces(MediaType.WILDCARD)
  public Response original(@PathParam("id") String id) {
    MediaFiles.Original file = media.original(media.item(id));
    Response.ResponseBuilder r = Response.ok(file.path().toFile(), file.mediaType())
        .header("Cache-Control", "private, max-age=3600");
    if (!file.inline()) {
      r.header("Content-Disposition", "attachment");
    }
    return r.build();
  }

  @GET
  @Path("/thumbnails/{id: .+}")
  @Produces("image/jpeg")
  public Response thumbnail(@PathParam("id") String id) {
    Item item = media.item(id);
    byte[] jpeg = engine.index().thumbnail(id).orElseThrow(() -> new NoSuchElementException("item '" + id
        + "' has no thumbnail (items without an image have none; an index built before thumbnails existed gets them"
        + " when the indexer runs again)"));
    return Response.ok(jpeg, "image/jpeg")
        .header("Cache-Control", "private, max-age=3600")
        .tag(item.contentHash())
        .build();
  }
}

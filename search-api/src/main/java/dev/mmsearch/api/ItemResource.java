package dev.mmsearch.api;

import dev.mmsearch.api.Dtos.ItemView;
import dev.mmsearch.api.Dtos.SearchResponse;
import dev.mmsearch.extract.ImageDecodeException;
import dev.mmsearch.index.Item;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import org.jboss.resteasy.reactive.RestQuery;

/** Items by id (ids may contain slashes: they are relative paths), their media and their neighbours. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ItemResource {

  @Inject
  MediaFiles media;

  @Inject
  Thumbnails thumbnails;

  @Inject
  SearchService search;

  @GET
  @Path("/items/{id: .+}")
  public ItemView item(@PathParam("id") String id) {
    return ItemView.of(media.item(id));
  }

  @GET
  @Path("/similar/{id: .+}")
  public SearchResponse similar(@PathParam("id") String id, @RestQuery Integer k) {
    return search.similar(id, k);
  }

  @GET
  @Path("/originals/{id: .+}")
  public Response original(@PathParam("id") String id) throws IOException {
    java.nio.file.Path file = media.original(media.item(id));
    String type = Files.probeContentType(file);
    return Response.ok(file.toFile(), type == null ? MediaType.APPLICATION_OCTET_STREAM : type).build();
  }

  @GET
  @Path("/thumbnails/{id: .+}")
  @Produces("image/jpeg")
  public Response thumbnail(@PathParam("id") String id) throws IOException, ImageDecodeException {
    Item item = media.item(id);
    return Response.ok(thumbnails.jpeg(media.original(item)))
        .header("Cache-Control", "max-age=3600")
        .tag(item.contentHash())
        .build();
  }
}

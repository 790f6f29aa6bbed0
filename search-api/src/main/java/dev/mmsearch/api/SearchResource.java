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
import java.util.Set;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/** Multimodal search: JSON queries with any parts, a multipart form with text and an image, or a GET with text. */
@Path("/api/search")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

  static final Set<String> GET_PARAMS = Set.of("q", "k", "offset", "window", "fusion");

  @Inject
  SearchService service;

  @Inject
  SearchForms forms;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public SearchResponse json(SearchBody body) {
    return service.search(body);
  }

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
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
  public SearchResponse other(@Context HttpHeaders headers) {
    String type = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
    throw new NotSupportedException((type == null ? "request has no Content-Type" : "Content-Type '" + type + "' is not accepted")
        + "; send application/json or multipart/form-data");
  }

  @GET
  public SearchResponse get(@Context UriInfo uri) {
    var params = uri.getQueryParameters();
    QueryParams.check(params, GET_PARAMS, "query parameter");
    return service.search(params.getFirst("q"), 1, null, 1, new Options(QueryParams.integer("k", params.getFirst("k")),
        QueryParams.integer("offset", params.getFirst("offset")), QueryParams.integer("window", params.getFirst("window")),
        params.getFirst("fusion")));
  }
}

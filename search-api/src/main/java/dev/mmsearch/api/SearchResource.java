package dev.mmsearch.api;

import dev.mmsearch.api.Dtos.SearchBody;
import dev.mmsearch.api.Dtos.SearchResponse;
import dev.mmsearch.extract.ImageDecodeException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Multimodal search: JSON queries with any parts, a multipart form with text and an image, or a GET with text. */
@Path("/api/search")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

  @Inject
  SearchService service;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public SearchResponse json(SearchBody body) throws ImageDecodeException {
    return service.search(body);
  }

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public SearchResponse form(@RestForm String text, @RestForm Double textWeight, @RestForm FileUpload image,
      @RestForm Double imageWeight, @RestForm Integer k, @RestForm Integer offset, @RestForm String fusion)
      throws ImageDecodeException, IOException {
    byte[] bytes = image == null ? null : Uploads.imageBytes(image);
    return service.search(text, textWeight == null ? 1 : textWeight, bytes, imageWeight == null ? 1 : imageWeight, k, offset, fusion, Map.of());
  }

  @GET
  public SearchResponse get(@RestQuery String q, @RestQuery Integer k, @RestQuery Integer offset, @RestQuery String fusion)
      throws ImageDecodeException {
    return service.search(q, 1, null, 1, k, offset, fusion, Map.of());
  }

  /** Checks an uploaded part before its bytes are decoded. */
  static final class Uploads {
    private Uploads() {}

    static byte[] imageBytes(FileUpload upload) throws IOException {
      String type = upload.contentType() == null ? "" : upload.contentType().toLowerCase(java.util.Locale.ROOT);
      if (!type.startsWith("image/") && !type.equals("application/octet-stream")) {
        throw new jakarta.ws.rs.NotSupportedException("image part has content type '" + upload.contentType()
            + "'; send an image (image/png, image/jpeg, image/webp, image/gif, image/bmp)");
      }
      return Files.readAllBytes(upload.uploadedFile());
    }
  }
}

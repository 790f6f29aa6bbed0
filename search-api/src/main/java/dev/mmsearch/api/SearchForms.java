package dev.mmsearch.api;

import dev.mmsearch.api.Dtos.SearchResponse;
import dev.mmsearch.api.SearchService.Options;
import dev.mmsearch.extract.DecodeException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotSupportedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * Reads the multipart search form strictly: known fields only, each once, numbers checked, and the
 * image's type and size checked before its bytes are read.
 */
@ApplicationScoped
public class SearchForms {

  static final Set<String> FIELDS = SearchResource.union(Options.NAMES, Set.of("text", "textWeight", "image", "imageWeight"));

  @Inject
  SearchService service;

  @Inject
  SearchEngine engine;

  SearchResponse search(MultipartFormDataInput form) {
    Map<String, Collection<FormValue>> values = form.getValues();
    for (var e : values.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException("a form part has no name; each part needs Content-Disposition: form-data; name=\"...\"");
      }
      if (!FIELDS.contains(e.getKey())) {
        throw new IllegalArgumentException("unknown form field '" + QueryParams.abbreviate(e.getKey()) + "' (known: "
            + new java.util.TreeSet<>(FIELDS) + ")");
      }
      if (e.getValue().size() > 1) {
        throw new IllegalArgumentException("form field '" + e.getKey() + "' is given " + e.getValue().size() + " times; give it once");
      }
    }
    String text = text(values, "text");
    Double textWeight = QueryParams.number("textWeight", text(values, "textWeight"));
    Double imageWeight = QueryParams.number("imageWeight", text(values, "imageWeight"));
    Options options = Options.parse(name -> text(values, name));
    FormValue image = first(values, "image");
    byte[] bytes = image == null ? null : imageBytes(image);
    return service.search(text, textWeight == null ? 1 : textWeight, bytes, imageWeight == null ? 1 : imageWeight, options);
  }

  private static FormValue first(Map<String, Collection<FormValue>> values, String name) {
    Collection<FormValue> v = values.get(name);
    return v == null || v.isEmpty() ? null : v.iterator().next();
  }

  private static String text(Map<String, Collection<FormValue>> values, String name) {
    FormValue v = first(values, name);
    if (v == null) {
      return null;
    }
    if (v.isFileItem()) {
      throw new IllegalArgumentException("form field '" + name + "' must be a plain value, not a file");
    }
    return v.getValue();
  }

  /** Checks the part's declared type and its size, then reads it. */
  private byte[] imageBytes(FormValue upload) {
    String declared = upload.getHeaders() == null ? null : upload.getHeaders().getFirst("Content-Type");
    String type = declared == null ? "" : declared.toLowerCase(Locale.ROOT);
    if (!type.isEmpty() && !type.startsWith("image/") && !type.startsWith("application/octet-stream")) {
      throw new NotSupportedException("image part has content type '" + declared
          + "'; send an image (image/png, image/jpeg, image/webp, image/gif, image/bmp)");
    }
    long limit = engine.decoder().limits().maxBytes();
    try {
      if (!upload.isFileItem()) {
        throw new IllegalArgumentException("form field 'image' must be a file part (with a filename), not a plain value");
      }
      long size = upload.getFileItem().getFileSize();
      checkSize(size, limit);
      try (InputStream in = upload.getFileItem().getInputStream()) {
        return in.readNBytes((int) size);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the uploaded image", e);
    }
  }

  private static void checkSize(long size, long limit) {
    if (size > limit) {
      throw new ImageRejectedException(new DecodeException(DecodeException.Reason.TOO_MANY_BYTES,
          "image is " + size + " bytes, more than the limit of " + limit + " bytes"));
    }
  }
}

package dev.mmsearch.api;

import dev.mmsearch.api.Dtos.SearchResponse;
import dev.mmsearch.api.SearchService.Options;
import dev.mmsearch.extract.DecodeException;
import dev.mmsearch.media.Medium;
import dev.mmsearch.query.MediaRejectedException;
import dev.mmsearch.query.PartType;
import dev.mmsearch.query.PartTypes;
import dev.mmsearch.query.QueryPart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotSupportedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * Reads the multipart search form strictly: known fields only, each once, numbers checked, and each
 * upload's type and size checked before its bytes are read. Fields: each part type's
 * ({@link PartType#formFields}: {@code text}, {@code textWeight}, per medium its file and weight
 * ({@code image}, {@code imageWeight}, ...), colours, look words), plus paging and fusion.
 */
@ApplicationScoped
public class SearchForms {

  @Inject
  SearchService service;

  /** Every field the form takes: paging and fusion, and each part type's (uploads of the engine's media included). */
  Set<String> fields(PartTypes types) {
    Set<String> fields = new java.util.TreeSet<>(Options.NAMES);
    fields.addAll(types.formFields());
    return fields;
  }

  SearchResponse search(MultipartFormDataInput form) {
    Map<String, Collection<FormValue>> values = form.getValues();
    PartTypes types = service.partTypes();
    Set<String> fields = fields(types);
    for (var e : values.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException("a form part has no name; each part needs Content-Disposition: form-data; name=\"...\"");
      }
      if (!fields.contains(e.getKey())) {
        throw new IllegalArgumentException("unknown form field '" + QueryParams.abbreviate(e.getKey()) + "' (known: " + fields + ")");
      }
      if (e.getValue().size() > 1) {
        throw new IllegalArgumentException("form field '" + e.getKey() + "' is given " + e.getValue().size() + " times; give it once");
      }
    }
    List<QueryPart> cheap = types.fromForm(name -> text(values, name));
    Options options = Options.parse(name -> text(values, name));
    List<SearchService.Upload> uploads = new ArrayList<>();
    for (PartType type : types.all()) {
      Medium m = type.upload().orElse(null);
      if (m == null) {
        continue;
      }
      String weightField = PartType.weightField(type.name());
      Double weight = QueryParams.number(weightField, text(values, weightField));
      FormValue upload = first(values, type.name());
      if (upload != null) {
        uploads.add(new SearchService.Upload(type, m, bytes(m, upload), weight == null ? 1 : weight));
      }
    }
    return service.search(cheap, uploads, options);
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
  private static byte[] bytes(Medium medium, FormValue upload) {
    if (!upload.isFileItem()) {
      throw new IllegalArgumentException("form field '" + medium.name() + "' must be a file part (with a filename), not a plain value");
    }
    String declared = upload.getHeaders() == null ? null : upload.getHeaders().getFirst("Content-Type");
    if (!medium.acceptsUpload(declared)) {
      throw new NotSupportedException(medium.name() + " part has content type '" + declared + "'; send " + medium.expected());
    }
    long limit = medium.maxBytes();
    try {
      long size = upload.getFileItem().getFileSize();
      if (size > limit) {
        throw new MediaRejectedException(medium.name(), new DecodeException(DecodeException.Reason.TOO_MANY_BYTES,
            medium.name() + " is " + size + " bytes, more than the limit of " + limit + " bytes"));
      }
      try (InputStream in = upload.getFileItem().getInputStream()) {
        return in.readNBytes((int) size);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the uploaded " + medium.name(), e);
    }
  }
}

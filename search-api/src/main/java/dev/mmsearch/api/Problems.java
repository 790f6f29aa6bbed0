package dev.mmsearch.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mmsearch.extract.ImageDecodeException;
import dev.mmsearch.index.IndexSchemaException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.NoSuchElementException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves as {@code application/problem+json} (RFC 9457) with a precise status: client
 * mistakes are 4xx with the rule and the bad value; nothing a client sends produces a 500.
 */
public class Problems {

  public static final String PROBLEM_JSON = "application/problem+json";

  /** The problem document. */
  public record Problem(String type, String title, int status, String detail) {}

  static Response problem(Response.Status status, String detail) {
    return problem(status.getStatusCode(), status.getReasonPhrase(), detail);
  }

  static Response problem(int status, String title, String detail) {
    return Response.status(status).type(PROBLEM_JSON).entity(new Problem("about:blank", title, status, detail)).build();
  }

  @ServerExceptionMapper
  public Response badRequest(IllegalArgumentException e) {
    return problem(Response.Status.BAD_REQUEST, e.getMessage());
  }

  @ServerExceptionMapper
  public Response malformedJson(JsonProcessingException e) {
    return problem(Response.Status.BAD_REQUEST, "malformed JSON: " + e.getOriginalMessage());
  }

  @ServerExceptionMapper
  public Response notFound(NoSuchElementException e) {
    return problem(Response.Status.NOT_FOUND, e.getMessage());
  }

  @ServerExceptionMapper
  public Response image(ImageDecodeException e) {
    return switch (e.reason()) {
      case TOO_MANY_BYTES, TOO_MANY_PIXELS -> problem(Response.Status.REQUEST_ENTITY_TOO_LARGE, e.getMessage());
      case UNSUPPORTED_FORMAT -> problem(Response.Status.UNSUPPORTED_MEDIA_TYPE, e.getMessage());
      case EMPTY, TRUNCATED, CORRUPT -> problem(422, "Unprocessable Content", "image cannot be decoded: " + e.getMessage());
    };
  }

  @ServerExceptionMapper
  public Response schema(IndexSchemaException e) {
    return problem(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof JsonProcessingException j) {
        return malformedJson(j);
      }
    }
    Response r = e.getResponse();
    String detail = e.getMessage() == null ? r.getStatusInfo().getReasonPhrase() : e.getMessage();
    return problem(r.getStatus(), r.getStatusInfo().getReasonPhrase(), detail);
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e) {
    Log.error("unexpected error", e);
    return problem(Response.Status.INTERNAL_SERVER_ERROR, "internal error; see the server log");
  }
}

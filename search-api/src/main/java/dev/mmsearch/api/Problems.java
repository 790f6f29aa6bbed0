package dev.mmsearch.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.mmsearch.index.IndexSchemaException;
import dev.mmsearch.query.MediaRejectedException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error a resource raises leaves here as {@code application/problem+json} (RFC 9457) with a
 * precise status: client mistakes are 4xx with the rule and the bad value; nothing a client sends
 * produces a 5xx. Errors raised before a resource runs (transport limits, bad escapes) are
 * rendered the same way by {@link HttpGuards}.
 */
public class Problems {

  public static final String PROBLEM_JSON = "application/problem+json";

  /** Longest {@code detail} sent: a message quoting client input cannot grow with it. */
  static final int MAX_DETAIL = 1024;

  /**
   * The problem document (its schema is in META-INF/openapi.yaml). Its detail is cut to
   * {@link #MAX_DETAIL} characters, whatever a message quotes.
   */
  public record Problem(String type, String title, int status, String detail) {
    public Problem {
      if (detail != null && detail.length() > MAX_DETAIL) {
        detail = detail.substring(0, MAX_DETAIL - 3) + "...";
      }
    }
  }

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
  public Response json(JsonProcessingException e) {
    return jsonProblem(e);
  }

  /** Ahead of Quarkus's own mapper for this type, which answers with an empty body. */
  @ServerExceptionMapper(priority = Priorities.USER - 100)
  public Response mismatchedJson(MismatchedInputException e) {
    return jsonProblem(e);
  }

  @ServerExceptionMapper
  public Response notFound(NoSuchElementException e) {
    return problem(Response.Status.NOT_FOUND, e.getMessage());
  }

  @ServerExceptionMapper
  public Response media(MediaRejectedException e) {
    return switch (e.reason()) {
      case TOO_MANY_BYTES, TOO_MANY_PIXELS, TOO_LONG -> problem(413, CONTENT_TOO_LARGE, e.getMessage());
      case UNSUPPORTED_FORMAT -> problem(Response.Status.UNSUPPORTED_MEDIA_TYPE, e.getMessage());
      case EMPTY, TRUNCATED, CORRUPT -> problem(422, "Unprocessable Content", e.medium() + " cannot be decoded: " + e.getMessage());
    };
  }

  @ServerExceptionMapper
  public Response overloaded(OverloadedException e) {
    return Response.fromResponse(problem(Response.Status.SERVICE_UNAVAILABLE, e.getMessage()))
        .header("Retry-After", Math.max(1, e.retryAfter().toSeconds()))
        .build();
  }

  @ServerExceptionMapper
  public Response unavailable(EngineUnavailableException e) {
    return problem(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
  }

  @ServerExceptionMapper
  public Response schema(IndexSchemaException e) {
    return problem(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
  }

  @ServerExceptionMapper
  public Response notAllowed(NotAllowedException e, io.vertx.core.http.HttpServerRequest request) {
    Set<String> allowed = AllowedMethods.of(request.path());
    Response p = problem(Response.Status.METHOD_NOT_ALLOWED, request.method().name() + " is not allowed on " + request.path()
        + (allowed.isEmpty() ? "" : " (allowed: " + String.join(", ", allowed) + ")"));
    return allowed.isEmpty() ? p : Response.fromResponse(p).header("Allow", String.join(", ", allowed)).build();
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof JsonProcessingException j) {
        return jsonProblem(j);
      }
    }
    Response r = e.getResponse();
    String detail = e.getMessage() == null ? r.getStatusInfo().getReasonPhrase() : e.getMessage();
    return problem(r.getStatus(), r.getStatusInfo().getReasonPhrase(), detail);
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e) {
    if (fromFormParser(e)) {
      // The multipart parser fails with IOExceptions of its own on broken framing: the client's.
      return problem(Response.Status.BAD_REQUEST, "malformed multipart/form-data body: " + e);
    }
    Log.error("unexpected error", e);
    return problem(Response.Status.INTERNAL_SERVER_ERROR, "internal error; see the server log");
  }

  /** Whether the multipart form parser raised {@code e} (or a cause of it). */
  private static boolean fromFormParser(Throwable e) {
    String parser = "org.jboss.resteasy.reactive.server.core.multipart.";
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getClass().getName().startsWith(parser)) {
        return true;
      }
      StackTraceElement[] frames = t.getStackTrace();
      if (frames.length > 0 && frames[0].getClassName().startsWith(parser)) {
        return true;
      }
    }
    return false;
  }

  /** A JSON body Jackson refused, said in terms of the request: which key, what was expected. */
  static Response jsonProblem(JsonProcessingException e) {
    if (exceedsConstraint(e)) {
      return problem(413, CONTENT_TOO_LARGE, "JSON body exceeds a size limit: " + constraintDetail(e.getOriginalMessage()));
    }
    return problem(Response.Status.BAD_REQUEST, describe(e));
  }

  /** RFC 9110's name for 413, the one every path of this API uses (Jakarta's reason phrase is the older one). */
  static final String CONTENT_TOO_LARGE = "Content Too Large";

  private static final java.util.regex.Pattern STRING_LIMIT =
      java.util.regex.Pattern.compile("String value length \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)");

  /** Jackson's words for an over-long string, said in the request's terms; other limits as Jackson says them. */
  static String constraintDetail(String original) {
    java.util.regex.Matcher m = original == null ? null : STRING_LIMIT.matcher(original);
    if (m == null || !m.find()) {
      return original;
    }
    return "a string value is " + m.group(1) + " characters, more than the " + m.group(2) + " allowed (a part's base64 \"data\" "
        + "may hold a file of up to mmsearch.limits.max-image-bytes or max-audio-bytes)";
  }

  /** A parser size limit, possibly wrapped (an over-long string inside a bound object is a mapping error). */
  private static boolean exceedsConstraint(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StreamConstraintsException) {
        return true;
      }
    }
    return false;
  }

  static String describe(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      String where = path(u.getPath().subList(0, u.getPath().size() - 1));
      Collection<Object> known = u.getKnownPropertyIds() == null ? List.of() : u.getKnownPropertyIds();
      return "unknown key \"" + QueryParams.abbreviate(u.getPropertyName()) + "\" in " + (where.isEmpty() ? "the request" : where)
          + " (known: " + new TreeSet<>(known.stream().map(String::valueOf).toList()) + ")";
    }
    if (e instanceof InvalidFormatException f) {
      return subject(f) + " must be " + expected(f.getTargetType()) + ", got: " + QueryParams.abbreviate(String.valueOf(f.getValue()));
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null && !m.getPath().isEmpty()) {
      return subject(m) + " must be " + expected(m.getTargetType());
    }
    if (e instanceof InputCoercionException c) {
      return "a number is out of range: " + c.getOriginalMessage();
    }
    return "malformed JSON: " + e.getOriginalMessage();
  }

  private static String subject(JsonMappingException e) {
    String p = path(e.getPath());
    return p.isEmpty() ? "the request body" : "\"" + p + "\"";
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(QueryParams.abbreviate(r.getFieldName()));
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String expected(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
      return "a number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "a " + type.getSimpleName();
  }
}

package dev.mmsearch.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The first handler every request meets, before Quarkus REST: checks what can be checked from the
 * request line and headers, and renders every error raised outside a resource as
 * {@code application/problem+json}, as {@link Problems} does inside.
 *
 * <ul>
 *   <li>request line and header size ({@code 414}, {@code 431}) below the transport's own hard
 *       limits, so the client gets a readable problem instead of a bare status;
 *   <li>malformed percent-escapes in the path or query ({@code 400});
 *   <li>the API key, when one is configured ({@code 401});
 *   <li>declared body size ({@code 413}) and admission of large bodies: at most
 *       {@code mmsearch.limits.max-concurrent-uploads} requests over 1 MiB at once, others get
 *       {@code 503} with {@code Retry-After} before their body is read;
 *   <li>{@code X-Content-Type-Options: nosniff}, {@code X-Frame-Options}, {@code Referrer-Policy} on
 *       every response, and {@code no-cache} for the page so a new version is picked up at once.
 * </ul>
 */
@ApplicationScoped
public class HttpGuards {

  /** Bodies above this size count against the upload limit. */
  static final long LARGE_BODY = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject
  MmsearchConfig config;

  @ConfigProperty(name = "quarkus.http.limits.max-body-size")
  MemorySize maxBodySize;

  private final AtomicInteger uploads = new AtomicInteger();

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).handler(this::guard);
    router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
    if (config.apiKey().isPresent()) {
      Log.info("an API key is required for everything but /q/health and the search page");
    }
  }

  private void guard(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    HttpServerResponse res = ctx.response();
    res.putHeader("X-Content-Type-Options", "nosniff");
    res.putHeader("X-Frame-Options", "DENY");
    res.putHeader("Referrer-Policy", "no-referrer");
    String uri = req.uri();
    if (uri.length() > config.limits().maxUriLength()) {
      send(res, 414, "URI Too Long", "request URI is " + uri.length() + " characters, more than the limit of "
          + config.limits().maxUriLength() + "; send long queries as a POST with a JSON body");
      return;
    }
    int headerBytes = 0;
    for (Map.Entry<String, String> h : req.headers()) {
      headerBytes += h.getKey().length() + h.getValue().length() + 4;
    }
    if (headerBytes > config.limits().maxHeaderBytes()) {
      send(res, 431, "Request Header Fields Too Large", "request headers are " + headerBytes + " bytes, more than the limit of "
          + config.limits().maxHeaderBytes());
      return;
    }
    String bad = badEscape(uri);
    if (bad != null) {
      send(res, 400, "Bad Request", "request URI is malformed: " + bad);
      return;
    }
    RequestPath path;
    try {
      path = RequestPath.of(req.path());
    } catch (IllegalArgumentException e) {
      send(res, 400, "Bad Request", e.getMessage());
      return;
    }
    String method = req.method().name();
    if (!path.isPublic(method) && !authorized(req)) {
      res.putHeader("WWW-Authenticate", "Bearer realm=\"mmsearch\"");
      send(res, 401, "Unauthorized", "this server requires an API key: send it as the X-API-Key header or as "
          + "'Authorization: Bearer <key>'");
      return;
    }
    Set<String> allowed = allowedMethods(path);
    if (!allowed.isEmpty() && !allowed.contains(method)) {
      res.putHeader("Allow", String.join(", ", allowed));
      send(res, 405, "Method Not Allowed", QueryParams.abbreviate(method) + " is not allowed on "
          + QueryParams.abbreviate(path.decoded()) + " (allowed: " + String.join(", ", allowed) + ")");
      return;
    }
    if (!admitBody(ctx)) {
      return;
    }
    if (req.method() == HttpMethod.GET && !path.isApi() && !path.decoded().startsWith("/q/")) {
      // The page and its scripts: always revalidate, so a new version shows at once.
      ctx.addHeadersEndHandler(v -> res.headers().set("Cache-Control", "no-cache"));
    }
    ctx.next();
  }

  /**
   * The methods a path answers: the API's from its resources (empty for an unknown API path, which
   * then gets the resources' 404), the page's, health's, metrics' and the OpenAPI document's are
   * reads only.
   */
  private static Set<String> allowedMethods(RequestPath path) {
    return path.isApi() ? AllowedMethods.of(path.decoded()) : READ_ONLY;
  }

  private static final Set<String> READ_ONLY = new java.util.TreeSet<>(Set.of("GET", "HEAD"));

  /** Declared size against the body limit; large bodies against the upload slots. */
  private boolean admitBody(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    String length = req.getHeader("Content-Length");
    long declared;
    if (length != null) {
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        send(ctx.response(), 400, "Bad Request", "Content-Length is not a number: " + QueryParams.abbreviate(length));
        return false;
      }
      if (declared > maxBodySize.asLongValue()) {
        refuseBody(ctx, 413, "Content Too Large", "request body is " + declared + " bytes, more than the limit of "
            + maxBodySize.asLongValue() + " bytes");
        return false;
      }
    } else {
      // Chunked: size unknown, so it is treated as large.
      declared = req.getHeader("Transfer-Encoding") == null ? 0 : Long.MAX_VALUE;
    }
    if (declared > 0) {
      watchBody(ctx);
    }
    if (declared <= LARGE_BODY) {
      return true;
    }
    if (uploads.incrementAndGet() > config.limits().maxConcurrentUploads()) {
      uploads.decrementAndGet();
      ctx.response().putHeader("Retry-After", "1");
      refuseBody(ctx, 503, "Service Unavailable", "the server is receiving " + config.limits().maxConcurrentUploads()
          + " large requests already; retry shortly");
      return false;
    }
    ctx.addEndHandler(v -> uploads.decrementAndGet());
    return true;
  }

  /**
   * Cuts off a body that arrives too slowly: after {@code body-grace} its average rate must stay at
   * {@code min-body-rate}, and all of it must be in within {@code body-timeout}. The transport's
   * idle timeout only catches a client that stops sending; one that trickles a chunk every few
   * seconds would otherwise hold its upload slot (and its buffered bytes) for as long as it likes.
   * Checked once a second on the event loop; the check ends with the body.
   */
  private void watchBody(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    long start = System.nanoTime();
    long timeout = config.limits().bodyTimeout().toNanos();
    long grace = config.limits().bodyGrace().toNanos();
    double minRate = config.limits().minBodyRate();
    io.vertx.core.Vertx vertx = ctx.vertx();
    long timer = vertx.setPeriodic(1000, id -> {
      if (req.isEnded() || ctx.response().closed()) {
        vertx.cancelTimer(id);
        return;
      }
      long elapsed = System.nanoTime() - start;
      long received = req.bytesRead();
      String slow = elapsed > timeout ? "took longer than " + config.limits().bodyTimeout().toSeconds() + " s"
          : elapsed > grace && received < minRate * elapsed / 1e9
              ? String.format(java.util.Locale.ROOT, "arrived at %.0f bytes/s, under the minimum of %.0f", received / (elapsed / 1e9), minRate)
              : null;
      if (slow != null) {
        vertx.cancelTimer(id);
        Log.debugf("cut off a slow request body: %s %s, %d bytes in %d ms", req.method(), req.path(), received, elapsed / 1_000_000);
        if (ctx.response().headWritten()) {
          req.connection().close();
        } else {
          refuseBody(ctx, 408, "Request Timeout", "request body " + slow + " (" + received + " bytes received); it was cut off");
        }
      }
    });
    ctx.addEndHandler(v -> vertx.cancelTimer(timer));
  }

  /** Answers without reading the body, then closes the connection: the unread body cannot be skipped cheaply. */
  private static void refuseBody(RoutingContext ctx, int status, String title, String detail) {
    HttpServerResponse res = ctx.response();
    res.putHeader("Connection", "close");
    send(res, status, title, detail).onComplete(done -> ctx.request().connection().close());
  }

  private boolean authorized(HttpServerRequest req) {
    if (config.apiKey().isEmpty()) {
      return true;
    }
    String given = req.getHeader("X-API-Key");
    String auth = req.getHeader("Authorization");
    if (given == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      given = auth.substring(7).trim();
    }
    if (given == null) {
      var cookie = req.getCookie("mmsearch-api-key");
      given = cookie == null ? null : cookie.getValue();
    }
    return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
        config.apiKey().get().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * What is wrong with the URI, or null: what {@link java.net.URI} refuses (Quarkus's own check,
   * handed over by {@link UriValidationHandover}), and malformed escapes in the path or query.
   */
  static String badEscape(String uri) {
    try {
      new java.net.URI(uri);
    } catch (java.net.URISyntaxException e) {
      return QueryParams.abbreviate(e.getReason()) + " at index " + e.getIndex();
    }
    int q = uri.indexOf('?');
    try {
      QueryStringDecoder.decodeComponent(q < 0 ? uri : uri.substring(0, q));
      if (q >= 0) {
        for (String pair : uri.substring(q + 1).split("&")) {
          QueryStringDecoder.decodeComponent(pair);
        }
      }
      return null;
    } catch (IllegalArgumentException e) {
      return QueryParams.abbreviate(String.valueOf(e.getMessage()));
    }
  }

  /** Errors raised by Vert.x or Quarkus handlers (body too large, bad request) as problems. */
  private void failure(RoutingContext ctx) {
    HttpServerResponse res = ctx.response();
    if (res.headWritten() || res.ended() || res.closed()) {
      return;
    }
    int status = ctx.statusCode();
    Throwable failure = ctx.failure();
    if (status < 400) {
      status = 500;
    }
    if (status >= 500) {
      Log.error("request failed before reaching a resource: " + ctx.request().method() + " " + ctx.normalizedPath(), failure);
    }
    String reason = io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase();
    String detail = status >= 500 ? "internal error; see the server log"
        : failure != null && failure.getMessage() != null ? failure.getMessage() : reason;
    send(res, status, reason, detail);
  }

  static io.vertx.core.Future<Void> send(HttpServerResponse res, int status, String title, String detail) {
    String body;
    try {
      body = JSON.writeValueAsString(new Problems.Problem("about:blank", title, status, detail));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return res.setStatusCode(status).putHeader("Content-Type", Problems.PROBLEM_JSON).end(body);
  }
}

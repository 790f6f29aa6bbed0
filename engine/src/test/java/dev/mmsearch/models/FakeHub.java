package dev.mmsearch.models;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the Hugging Face hub, in the test JVM, on loopback: {@code /{repo}/resolve/{rev}/{path}}
 * answers as the hub does — weights ({@code .onnx}) with a 302 to a CDN on another host
 * ({@code localhost} instead of {@code 127.0.0.1}) plus {@code X-Linked-Etag} (SHA-256) and
 * {@code X-Linked-Size}, small files directly with their git blob SHA-1 as {@code ETag}; the CDN
 * honours {@code Range}. Faults on demand: a connection dropped after some bytes (once), a
 * corrupted byte, gated repositories that want a token.
 */
public final class FakeHub implements AutoCloseable {

  public static final String TOKEN = "secret-token";

  private record Blob(byte[] bytes, boolean lfs) {}

  /** One request as the servers saw it. */
  record Seen(String server, String method, String path, String range, boolean authorized) {}

  private final HttpServer hub;
  private final java.net.ServerSocket cdn;
  private final Thread cdnThread;
  private final Map<String, Blob> files = new ConcurrentHashMap<>();
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  final Set<String> gated = ConcurrentHashMap.newKeySet();
  final List<Seen> seen = new CopyOnWriteArrayList<>();
  /** Bytes the CDN sends before dropping the connection, once; -1 for no drop. */
  final AtomicInteger dropAfter = new AtomicInteger(-1);
  volatile boolean corrupt;

  public FakeHub() throws IOException {
    hub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hub.createContext("/", this::hub);
    hub.start();
    // The CDN is a raw socket server, so that it can really drop a connection mid-body or stall.
    cdn = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    cdnThread = Thread.ofPlatform().daemon().start(() -> {
      while (!cdn.isClosed()) {
        try {
          java.net.Socket socket = cdn.accept();
          Thread.ofPlatform().daemon().start(() -> serveCdn(socket));
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
  }

  /** Serves every file under {@code folder} as {@code repo} at {@code revision}. */
  public void serveFolder(String repo, String revision, Path folder) throws IOException {
    try (var walk = Files.walk(folder)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        add(repo, revision, folder.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
  }

  public void add(String repo, String revision, String path, byte[] bytes) {
    boolean lfs = path.endsWith(".onnx");
    files.put(repo + "@" + revision + "/" + path, new Blob(bytes, lfs));
    if (lfs) {
      blobs.put(hex("SHA-256", bytes), bytes);
    }
  }

  private void hub(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    boolean authorized = ("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"));
    seen.add(new Seen("hub", ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Range"), authorized));
    String[] parts = path.substring(1).split("/", 5); // owner, name, "resolve", rev, file
    if (parts.length < 5 || !parts[2].equals("resolve")) {
      send(ex, 404, new byte[0]);
      return;
    }
    String repo = parts[0] + "/" + parts[1];
    if (gated.contains(repo) && !authorized) {
      ex.getResponseHeaders().add("X-Error-Code", "GatedRepo");
      send(ex, 401, new byte[0]);
      return;
    }
    Blob blob = files.get(repo + "@" + parts[3] + "/" + parts[4]);
    if (blob == null) {
      ex.getResponseHeaders().add("X-Error-Code", "EntryNotFound");
      send(ex, 404, new byte[0]);
      return;
    }
    ex.getResponseHeaders().add("X-Repo-Commit", parts[3]);
    if (blob.lfs()) {
      String sha = hex("SHA-256", blob.bytes());
      ex.getResponseHeaders().add("X-Linked-Etag", "\"" + sha + "\"");
      ex.getResponseHeaders().add("X-Linked-Size", String.valueOf(blob.bytes().length));
      ex.getResponseHeaders().add("Location", "http://localhost:" + cdn.getLocalPort() + "/blobs/" + sha);
      send(ex, 302, new byte[0]);
      return;
    }
    ex.getResponseHeaders().add("ETag", "\"" + gitSha1(blob.bytes()) + "\"");
    send(ex, 200, blob.bytes());
  }

  /** Milliseconds the CDN stalls (sends nothing, keeps the connection) after some bytes, once; 0 for none. */
  final AtomicInteger stallMillis = new AtomicInteger(0);

  /** One HTTP/1.1 exchange per connection, by hand: request line, headers, then the (partial) body. */
  private void serveCdn(java.net.Socket socket) {
    try (socket; var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
        java.nio.charset.StandardCharsets.ISO_8859_1)); OutputStream out = socket.getOutputStream()) {
      String requestLine = in.readLine();
      if (requestLine == null) {
        return;
      }
      Map<String, String> headers = new java.util.HashMap<>();
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        int colon = line.indexOf(':');
        headers.put(line.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).strip());
      }
      String[] rl = requestLine.split(" ");
      String range = headers.get("range");
      seen.add(new Seen("cdn", rl[0], rl[1], range, headers.containsKey("authorization")));
      byte[] bytes = blobs.get(rl[1].replace("/blobs/", ""));
      if (bytes == null) {
        head(out, "404 Not Found", 0, null);
        return;
      }
      if (corrupt) {
        bytes = bytes.clone();
        bytes[bytes.length / 2] ^= 0x20;
      }
      int from = 0;
      String status = "200 OK";
      String contentRange = null;
      if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
        from = Integer.parseInt(range.substring(6, range.length() - 1));
        if (from >= bytes.length) {
          head(out, "416 Range Not Satisfiable", 0, null);
          return;
        }
        status = "206 Partial Content";
        contentRange = "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length;
      }
      int length = bytes.length - from;
      head(out, status, length, contentRange);
      int drop = dropAfter.getAndSet(-1);
      int stall = stallMillis.getAndSet(0);
      if (drop >= 0 && drop < length) {
        out.write(bytes, from, drop);
        out.flush();
        if (stall > 0) {
          Thread.sleep(stall); // keep the connection open, send nothing
        }
        return; // closing the socket mid-body: a dropped connection
      }
      out.write(bytes, from, length);
      out.flush();
    } catch (IOException | InterruptedException e) {
      // the client went away
    }
  }

  private static void head(OutputStream out, String status, int length, String contentRange) throws IOException {
    StringBuilder h = new StringBuilder("HTTP/1.1 ").append(status).append("\r\nContent-Length: ").append(length)
        .append("\r\nConnection: close\r\nContent-Type: application/octet-stream\r\n");
    if (contentRange != null) {
      h.append("Content-Range: ").append(contentRange).append("\r\n");
    }
    out.write(h.append("\r\n").toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    if (ex.getRequestMethod().equals("HEAD")) {
      if (status == 200) {
        ex.getResponseHeaders().add("Content-Length", String.valueOf(body.length));
      }
      ex.sendResponseHeaders(status, -1);
    } else {
      ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    }
    ex.close();
  }

  static String hex(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static String gitSha1(byte[] bytes) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-1");
      md.update(("blob " + bytes.length + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(md.digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Requests one server saw, in order. */
  List<Seen> seenBy(String server) {
    return seen.stream().filter(s -> s.server().equals(server)).toList();
  }

  @Override
  public void close() {
    hub.stop(0);
    try {
      cdn.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}

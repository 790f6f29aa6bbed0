package dev.mmsearch.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.lucene.util.IOUtils;

/**
 * Downloads a {@link ModelSpec} from a Hugging Face–compatible hub into the models directory.
 *
 * <p>Per file: a {@code HEAD} on {@code /{repo}/resolve/{revision}/{path}} without following
 * redirects tells where the bytes are and what they must hash to — for LFS files (the weights) the
 * hub answers with a redirect to its CDN and {@code X-Linked-Etag} (the SHA-256) and
 * {@code X-Linked-Size}; for small files, {@code ETag} is the git blob SHA-1. The token goes only to
 * the hub's own host, never to the CDN it redirects to. The bytes are appended to a {@code .part}
 * file; a dropped connection resumes with an HTTP range request where it stopped, and so does a
 * later run after an interrupted one. Every file is checked against the published hash before
 * anything is installed.
 *
 * <p>Installing is atomic: files are gathered in {@code .fetch/<name>/} under the models
 * directory, and only when every one is verified does that folder, with its
 * {@link ModelLock}, move to {@code <name>} in one rename (replacing an older copy the same way). So
 * a half-downloaded model is never loadable. One fetch per name at a time (a file lock).
 */
public final class HubFetcher {

  /** Receives progress; all methods optional. */
  public interface Listener {
    default void file(String path, long size) {}

    default void progress(String path, long done, long size) {}

    default void resumed(String path, long from, IOException cause) {}

    default void done(String path, long size, String sha256) {}
  }

  /** The folder under the models directory where fetches gather their files. */
  public static final String STAGING = ".fetch";

  private static final int MAX_REDIRECTS = 5;
  private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("mmsearch-fetch-watchdog")
          .unstarted(r));
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HubSettings settings;
  private final HttpClient client;

  public HubFetcher(HubSettings settings) {
    this.settings = settings;
    HttpClient.Builder b = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(settings.connectTimeout());
    if (settings.proxy() != null) {
      b.proxy(settings.proxy());
    }
    this.client = b.build();
  }

  /** Where one file's bytes are, and what they must be. */
  record Remote(URI download, long size, String sha256, String gitSha1) {}

  /**
   * Fetches every file of {@code spec}, verifies it and installs the folder as
   * {@code modelsDir/<spec.name()>}; returns its lock.
   *
   * @throws FetchException naming what failed and why; nothing is installed then
   */
  public ModelLock fetch(ModelSpec spec, Path modelsDir, Listener listener) throws IOException {
    Path stagingRoot = Files.createDirectories(modelsDir.resolve(STAGING));
    Path staging = stagingRoot.resolve(spec.name());
    try (FileChannel lockFile = FileChannel.open(stagingRoot.resolve(spec.name() + ".lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = tryLock(lockFile, spec.name())) {
      prepareStaging(staging, spec);
      List<ModelLock.LockedFile> locked = new ArrayList<>();
      boolean first = true;
      for (Map.Entry<String, Long> f : spec.files().entrySet()) {
        String path = f.getKey();
        Remote remote = probe(spec, path, first);
        first = false;
        Path target = staging.resolve(path);
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        listener.file(path, remote.size());
        String sha;
        if (Files.exists(target)) {
          // Verified by an interrupted earlier run; the hub may have changed it since.
          sha = sha256(target);
          if (remote.sha256() != null && !remote.sha256().equals(sha)) {
            Files.delete(target); // fetched again next time
            throw new FetchException(FetchException.Kind.VERIFICATION, path + ": SHA-256 " + sha + " does not match the hub's "
                + remote.sha256() + "; deleted, nothing installed");
          }
        } else {
          download(spec, path, remote, part, listener);
          sha = verify(path, part, remote);
          Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        }
        listener.done(path, Files.size(target), sha);
        locked.add(new ModelLock.LockedFile(path, Files.size(target), sha));
      }
      ModelLock modelLock = new ModelLock(spec.name(), spec.repo(), spec.revision(), spec.variant(), Instant.now().toString(), locked);
      Files.delete(staging.resolve(STAGING_INFO));
      // The loader picks <tower>_<variant>.onnx when the folder's manifest names a variant, and
      // reads there the settings the repository's own files do not carry.
      Optional<String> manifest = spec.manifest();
      if (manifest.isPresent()) {
        Files.writeString(staging.resolve("mmsearch-model.json"), manifest.get() + "\n");
      }
      modelLock.write(staging);
      install(staging, modelsDir.resolve(spec.name()), stagingRoot);
      return modelLock;
    }
  }

  private static FileLock tryLock(FileChannel channel, String name) throws IOException {
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new IOException("another fetch of " + name + " is running");
      }
      return lock;
    } catch (OverlappingFileLockException e) {
      throw new IOException("another fetch of " + name + " is running in this process", e);
    }
  }

  private static final String STAGING_INFO = ".mmsearch-fetch.json";

  /** Keeps the files of an interrupted fetch of the same repository, revision and variant; clears anything else. */
  private static void prepareStaging(Path staging, ModelSpec spec) throws IOException {
    Map<String, String> want = Map.of("repo", spec.repo(), "revision", spec.revision(), "variant", spec.variant());
    Path info = staging.resolve(STAGING_INFO);
    if (Files.isDirectory(staging)) {
      boolean same = false;
      if (Files.isRegularFile(info)) {
        try {
          same = want.equals(JSON.readValue(info.toFile(), Map.class));
        } catch (IOException e) {
          same = false;
        }
      }
      if (!same) {
        IOUtils.rm(staging);
      }
    }
    Files.createDirectories(staging);
    JSON.writeValue(info.toFile(), want);
  }

  private URI resolveUri(ModelSpec spec, String path) {
    StringBuilder p = new StringBuilder();
    for (String segment : path.split("/")) {
      p.append('/').append(encode(segment));
    }
    return URI.create(settings.endpoint() + "/" + spec.repo() + "/resolve/" + encode(spec.revision()) + p);
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** HEAD on the resolve URL, following the hub's own redirects, stopping at the first answer that names the bytes. */
  Remote probe(ModelSpec spec, String path, boolean first) throws IOException {
    URI uri = resolveUri(spec, path);
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpResponse<Void> r = send(request(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding(), first && hop == 0, spec, path);
      int status = r.statusCode();
      String sha = etag(r.headers().firstValue("X-Linked-Etag").orElse(null));
      long size = r.headers().firstValueAsLong("X-Linked-Size").orElse(-1);
      if (status >= 300 && status < 400) {
        URI next = uri.resolve(r.headers().firstValue("Location").orElseThrow(() -> new FetchException(FetchException.Kind.HTTP,
            path + ": redirect without a Location")));
        if (sha != null) {
          return new Remote(next, size, sha.toLowerCase(java.util.Locale.ROOT), null);
        }
        uri = next;
        continue;
      }
      checkStatus(status, spec, path);
      String tag = etag(r.headers().firstValue("ETag").orElse(null));
      // A HEAD's Content-Length is not trusted for small files (some servers send 0): their hash covers the size.
      long length = size;
      if (sha != null) {
        return new Remote(uri, length, sha.toLowerCase(java.util.Locale.ROOT), null);
      }
      String gitSha1 = tag != null && tag.matches("[0-9a-fA-F]{40}") ? tag.toLowerCase(java.util.Locale.ROOT) : null;
      String sha256 = tag != null && tag.matches("[0-9a-fA-F]{64}") ? tag.toLowerCase(java.util.Locale.ROOT) : null;
      if (gitSha1 == null && sha256 == null) {
        throw new FetchException(FetchException.Kind.VERIFICATION, path + ": the hub published no hash for it (no X-Linked-Etag "
            + "and no git ETag), so it cannot be verified");
      }
      return new Remote(uri, length, sha256, gitSha1);
    }
    throw new FetchException(FetchException.Kind.HTTP, path + ": more than " + MAX_REDIRECTS + " redirects");
  }

  private static String etag(String v) {
    if (v == null) {
      return null;
    }
    String t = v.strip();
    if (t.startsWith("W/")) {
      t = t.substring(2);
    }
    return t.replace("\"", "");
  }

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(java.time.Duration.ofMinutes(5)).header("User-Agent", "mmsearch");
    // The token is for the hub only: never sent to the CDN (another host) it redirects to.
    if (settings.token() != null && Objects.equals(uri.getHost(), settings.endpoint().getHost())
        && uri.getPort() == settings.endpoint().getPort()) {
      b.header("Authorization", "Bearer " + settings.token());
    }
    return b;
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, boolean first, ModelSpec spec, String path)
      throws IOException {
    IOException last = null;
    for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
      try {
        HttpResponse<T> r = client.send(request, handler);
        if (r.statusCode() >= 500 && attempt < settings.attempts()) {
          closeQuietly(r);
          pause(attempt);
          continue;
        }
        return r;
      } catch (ConnectException | UnknownHostException | HttpConnectTimeoutException e) {
        if (first) {
          throw new FetchException(FetchException.Kind.OFFLINE, "cannot reach " + settings.endpoint() + " (" + e + ")", e);
        }
        last = e;
      } catch (IOException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      pause(attempt);
    }
    throw new FetchException(FetchException.Kind.HTTP, path + ": " + request.method() + " " + request.uri() + " failed "
        + settings.attempts() + " times: " + last, last);
  }

  private static void closeQuietly(HttpResponse<?> r) {
    if (r.body() instanceof InputStream in) {
      try {
        in.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(Math.min(2000, 100L << Math.min(attempt, 4)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void checkStatus(int status, ModelSpec spec, String path) throws FetchException {
    if (status == 401 || status == 403) {
      throw new FetchException(FetchException.Kind.UNAUTHORIZED, spec.repo() + " refused " + path + " (HTTP " + status + "): "
          + (settings.token() == null ? "it is gated or private; accept its terms on the hub and set HF_TOKEN to an access token"
              : "the token in HF_TOKEN has no access to it"));
    }
    if (status == 404) {
      throw new FetchException(FetchException.Kind.NOT_FOUND, spec.repo() + " has no " + path + " at revision " + spec.revision()
          + " (HTTP 404)");
    }
    if (status < 200 || status >= 300) {
      throw new FetchException(FetchException.Kind.HTTP, spec.repo() + ": " + path + " answered HTTP " + status);
    }
  }

  /** Appends the rest of the file to {@code part}, resuming with a range request after a dropped connection. */
  private void download(ModelSpec spec, String path, Remote remote, Path part, Listener listener) throws IOException {
    IOException lastDrop = null;
    for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
      long have = Files.exists(part) ? Files.size(part) : 0;
      if (remote.size() >= 0 && have == remote.size()) {
        return;
      }
      if (remote.size() >= 0 && have > remote.size()) {
        Files.delete(part);
        have = 0;
      }
      HttpRequest.Builder b = request(remote.download()).GET();
      if (have > 0) {
        b.header("Range", "bytes=" + have + "-");
        listener.resumed(path, have, lastDrop);
      }
      HttpResponse<InputStream> r = send(b.build(), HttpResponse.BodyHandlers.ofInputStream(), false, spec, path);
      if (r.statusCode() == 416) {
        closeQuietly(r);
        Files.deleteIfExists(part);
        continue;
      }
      if (r.statusCode() != 206 && r.statusCode() != 200) {
        closeQuietly(r);
        checkStatus(r.statusCode(), spec, path);
        throw new FetchException(FetchException.Kind.HTTP, path + ": download answered HTTP " + r.statusCode());
      }
      boolean append = r.statusCode() == 206 && have > 0 && r.headers().firstValue("Content-Range").orElse("")
          .startsWith("bytes " + have + "-");
      long done = append ? have : 0;
      java.util.concurrent.atomic.AtomicLong lastProgress = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
      java.util.concurrent.atomic.AtomicBoolean stalled = new java.util.concurrent.atomic.AtomicBoolean();
      InputStream body = r.body();
      long stallNanos = settings.stallTimeout().toNanos();
      // Reading a response body has no timeout of its own: a watchdog closes a transfer that stalls.
      java.util.concurrent.ScheduledFuture<?> watchdog = WATCHDOG.scheduleWithFixedDelay(() -> {
        if (System.nanoTime() - lastProgress.get() > stallNanos && stalled.compareAndSet(false, true)) {
          try {
            body.close();
          } catch (IOException ignored) {
            // closing is all we want
          }
        }
      }, Math.max(10, stallNanos / 4_000_000), Math.max(10, stallNanos / 4_000_000), java.util.concurrent.TimeUnit.MILLISECONDS);
      try (InputStream in = body;
          OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          done += n;
          lastProgress.set(System.nanoTime());
          listener.progress(path, done, remote.size());
        }
      } catch (IOException e) {
        lastDrop = stalled.get() ? new IOException("no data for " + settings.stallTimeout().toSeconds() + " s", e) : e;
        pause(attempt); // keep what arrived; the next attempt asks for the rest
        continue;
      } finally {
        watchdog.cancel(false);
      }
      if (stalled.get()) {
        lastDrop = new IOException("no data for " + settings.stallTimeout().toSeconds() + " s");
        continue;
      }
      if (remote.size() < 0 || done == remote.size()) {
        return;
      }
      lastDrop = new IOException("connection closed after " + done + " of " + remote.size() + " bytes");
    }
    throw new FetchException(FetchException.Kind.HTTP, path + ": download did not complete after " + settings.attempts()
        + " attempts (" + lastDrop + "); run the command again to resume", lastDrop);
  }

  /**
   * Size and hash against what the hub published; a mismatching part is deleted. Returns the
   * part's SHA-256 (for the lock), computed once: a weights file is read a single time here.
   */
  private static String verify(String path, Path part, Remote remote) throws IOException {
    long size = Files.size(part);
    String problem = null;
    String sha = null;
    if (remote.size() >= 0 && size != remote.size()) {
      problem = "has " + size + " bytes, the hub listed " + remote.size();
    } else if (remote.sha256() != null) {
      sha = sha256(part);
      if (!sha.equals(remote.sha256())) {
        problem = "SHA-256 " + sha + " does not match the hub's " + remote.sha256();
      }
    } else if (remote.gitSha1() != null) {
      String sha1 = gitBlobSha1(part);
      if (!sha1.equals(remote.gitSha1())) {
        problem = "git SHA-1 " + sha1 + " does not match the hub's " + remote.gitSha1();
      }
    }
    if (problem != null) {
      Files.delete(part);
      throw new FetchException(FetchException.Kind.VERIFICATION, path + ": " + problem + "; deleted, nothing installed");
    }
    return sha != null ? sha : sha256(part);
  }

  private static void install(Path staging, Path target, Path stagingRoot) throws IOException {
    if (Files.exists(target)) {
      Path old = stagingRoot.resolve(target.getFileName() + ".old-" + System.nanoTime());
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      IOUtils.rm(old);
    } else {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** SHA-256 of a file, hex. */
  public static String sha256(Path file) throws IOException {
    return digest(file, "SHA-256", null);
  }

  /** The git blob SHA-1 of a file ({@code "blob <size>\0"} then the bytes): the hub's ETag of non-LFS files. */
  static String gitBlobSha1(Path file) throws IOException {
    return digest(file, "SHA-1", ("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII));
  }

  private static String digest(Path file, String algorithm, byte[] prefix) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance(algorithm);
      if (prefix != null) {
        md.update(prefix);
      }
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          md.update(buffer, 0, n);
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}

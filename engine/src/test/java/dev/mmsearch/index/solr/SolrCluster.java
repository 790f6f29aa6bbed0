package dev.mmsearch.index.solr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real SolrCloud cluster for tests: {@value #NODES} Solr nodes (each its own Jetty server, port,
 * cores and ZooKeeper session) and an embedded ZooKeeper on loopback, started by Solr's own
 * {@code MiniSolrCloudCluster} in a child JVM. Its class path is Solr 9.10.1's, resolved by Maven
 * from {@code solr-cluster/pom.xml} (a test resource) on first use and cached in
 * {@code target/solr-cluster}; the child never shares a class path with mmsearch's Lucene 10.
 *
 * <p>One cluster per test JVM ({@link #shared()}), started on first use and stopped when the JVM
 * exits (a shutdown hook; the child also exits when its stdin closes, so a killed test JVM does not
 * leave it behind). Tests isolate themselves by collection name ({@link #collection}).
 */
public final class SolrCluster {

  public static final int NODES = 3;
  /** Prefix of the child's replies on stdout, where Solr logs too. */
  private static final String REPLY = "@@solr-cluster ";

  private static SolrCluster shared;
  private static final AtomicInteger COLLECTIONS = new AtomicInteger();

  private final Process process;
  private final Writer commands;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  private final List<URI> nodes;
  private final Path data;

  /** The cluster of this JVM, started on first call (about 10 s, plus the first Maven resolution). */
  public static synchronized SolrCluster shared() {
    if (shared == null) {
      try {
        shared = launch(NODES);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      SolrCluster cluster = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "solr-cluster-stop"));
    }
    return shared;
  }

  private SolrCluster(Process process, List<URI> nodes, Path data, BlockingQueue<String> lines) {
    this.process = process;
    this.commands = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.nodes = List.copyOf(nodes);
    this.data = data;
    lines.drainTo(replies);
  }

  private static SolrCluster launch(int n) throws IOException, InterruptedException {
    Path work = Path.of("target", "solr-cluster").toAbsolutePath();
    Files.createDirectories(work);
    for (String f : List.of("pom.xml", "SolrClusterMain.java")) {
      try (InputStream in = SolrCluster.class.getResourceAsStream("/solr-cluster/" + f)) {
        Files.copy(in, work.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Path classpath = work.resolve("classpath.txt");
    if (!Files.exists(classpath)) {
      resolve(work, classpath);
    }
    Path data = Files.createTempDirectory(work, "data-");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Request metrics on: tests count the requests a search or a load costs (requests()).
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx2g", "-XX:+UseSerialGC", "-Dsolr.log.dir=" + data, "-DmetricsEnabled=true",
        "-cp", Files.readString(classpath).trim(), work.resolve("SolrClusterMain.java").toString(), Integer.toString(n),
        data.toString())
        .redirectError(work.resolve("solr.log").toFile());
    Process p = pb.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.startsWith(REPLY)) {
            lines.add(line.substring(REPLY.length()));
          }
        }
      } catch (IOException e) {
        // the cluster ended
      }
      lines.add("eof");
    }, "solr-cluster-out");
    reader.setDaemon(true);
    reader.start();
    String ready;
    do {
      ready = lines.poll(180, TimeUnit.SECONDS);
    } while (ready != null && !ready.startsWith("ready ") && !ready.equals("eof"));
    if (ready == null || !ready.startsWith("ready ")) {
      p.destroyForcibly();
      throw new IllegalStateException("SolrCloud did not start (" + ready + "); see " + work.resolve("solr.log"));
    }
    String[] parts = ready.split(" ");
    List<URI> nodes = new ArrayList<>();
    for (int i = 2; i < parts.length; i++) {
      nodes.add(URI.create(parts[i]));
    }
    SolrCluster c = new SolrCluster(p, nodes, data, lines);
    // The reader thread keeps filling the shared queue: hand later lines to this cluster.
    Thread pump = new Thread(() -> {
      try {
        while (true) {
          String line = lines.take();
          c.replies.add(line);
          if (line.equals("eof")) {
            return;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "solr-cluster-replies");
    pump.setDaemon(true);
    pump.start();
    return c;
  }

  /** Solr's class path from Maven: {@code dependency:build-classpath} of the pinned pom. */
  private static void resolve(Path work, Path classpath) throws IOException, InterruptedException {
    Path mvnw = Path.of("").toAbsolutePath();
    while (mvnw != null && !Files.isExecutable(mvnw.resolve("mvnw"))) {
      mvnw = mvnw.getParent();
    }
    if (mvnw == null) {
      throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath() + " to resolve Solr with");
    }
    Path partial = work.resolve("classpath.tmp");
    List<String> cmd = new ArrayList<>(List.of(mvnw.resolve("mvnw").toString(), "-B", "-q", "-f", work.resolve("pom.xml").toString(),
        "dependency:build-classpath", "-Dmdep.outputFile=" + partial));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("resolve.log").toFile()).start();
    if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("resolving Solr's class path failed; see " + work.resolve("resolve.log"));
    }
    Files.move(partial, classpath, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Base URLs of the nodes, {@code http://127.0.0.1:port/solr}, in node order. */
  public List<URI> nodes() {
    return nodes;
  }

  /**
   * The location of a new collection (created by the first writer that opens it), starting from
   * the first node and knowing every other one.
   */
  public String collection(String prefix, int shards, int replicas) {
    String name = prefix.replaceAll("[^A-Za-z0-9]", "_");
    name = (name.length() > 40 ? name.substring(0, 40) : name) + "_" + COLLECTIONS.incrementAndGet();
    StringBuilder others = new StringBuilder();
    for (int i = 1; i < nodes.size(); i++) {
      others.append(i > 1 ? "," : "").append(nodes.get(i).getAuthority());
    }
    return nodes.getFirst() + "/" + name + "?shards=" + shards + "&replicas=" + replicas + "&nodes=" + others;
  }

  /**
   * Waits until every replica of the collection at {@code location} is active, then counts the
   * documents each one holds, asked alone ({@code distrib=false}, committed data): shard name →
   * one count per replica. Replicas of one shard that disagree lost or doubled something.
   */
  public java.util.Map<String, List<Long>> replicaCounts(String location) {
    SolrBackend backend = SolrBackend.parse(location);
    SolrHttp http = new SolrHttp(backend.nodes(), java.time.Duration.ofSeconds(30));
    SolrCollection collection = new SolrCollection(http, backend.collection());
    collection.waitForActive(java.time.Duration.ofMinutes(2));
    java.util.Map<String, List<Long>> out = new java.util.TreeMap<>();
    collection.state().path("shards").fields().forEachRemaining(shard -> {
      List<Long> counts = new ArrayList<>();
      for (var replica : shard.getValue().path("replicas")) {
        URI core = URI.create(replica.path("base_url").asText() + "/" + replica.path("core").asText());
        SolrHttp one = new SolrHttp(List.of(core), java.time.Duration.ofSeconds(30));
        counts.add(SolrHttp.ok(one.post("/select", new SolrParams().add("q", "*:*").add("rows", 0).add("distrib", "false"),
            RetryPolicy.READS), "counting a replica").path("response").path("numFound").asLong());
      }
      out.put(shard.getKey(), counts);
    });
    return out;
  }

  /** The request handlers {@link #requests} counts. */
  public static final List<String> COUNTED = List.of("/select", "/select[shard]", "/get", "/get[shard]");

  /**
   * Requests every node's cores have served since the cluster started, summed per handler
   * ({@link #COUNTED}): {@code /select} and {@code /get} are the requests clients sent,
   * {@code [shard]} the ones a node sent to the shards to answer them (Solr's request metrics).
   */
  public java.util.Map<String, Long> requests() {
    StringBuilder prefixes = new StringBuilder();
    for (String handler : COUNTED) {
      prefixes.append(prefixes.isEmpty() ? "" : ",").append("QUERY.").append(handler).append(".requests");
    }
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    COUNTED.forEach(h -> out.put(h, 0L));
    for (URI node : nodes) {
      SolrHttp http = new SolrHttp(List.of(node), java.time.Duration.ofSeconds(30));
      var metrics = SolrHttp.ok(http.get("/admin/metrics?group=core&wt=json&prefix="
          + java.net.URLEncoder.encode(prefixes.toString(), StandardCharsets.UTF_8), RetryPolicy.READS), "request metrics")
          .path("metrics");
      metrics.forEach(core -> core.fields().forEachRemaining(m -> {
        String handler = m.getKey().substring("QUERY.".length(), m.getKey().length() - ".requests".length());
        out.merge(handler, m.getValue().asLong(), Long::sum);
      }));
    }
    return out;
  }

  /** Stops node {@code i} (its Jetty and cores; its ZooKeeper session closes, so the cluster sees it gone). */
  public void stop(int i) {
    command("stop " + i);
  }

  /** Starts node {@code i} again, on the same port; its replicas recover from their leaders. */
  public void start(int i) {
    command("start " + i);
  }

  private synchronized void command(String line) {
    try {
      commands.write(line + "\n");
      commands.flush();
      String reply = replies.poll(120, TimeUnit.SECONDS);
      if (reply == null || !reply.startsWith("ok")) {
        throw new IllegalStateException("cluster command '" + line + "' failed: " + reply);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void close() {
    try {
      commands.write("exit\n");
      commands.flush();
      commands.close();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException | InterruptedException e) {
      process.destroyForcibly();
    }
    try (var files = Files.walk(data)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // left for mvn clean
    }
  }
}

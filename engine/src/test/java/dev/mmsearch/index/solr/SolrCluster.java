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
import java.util.Map;
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

  private static SolrCluster secured;

  private final Process process;
  private final Writer commands;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  private final List<URI> nodes;
  private final Path data;
  /** The cluster's ZooKeeper, {@code host:port/chroot}. */
  private String zkHost;
  /** The secured cluster's users, truststore and passwords; null for the plain one. */
  private Security security;

  /**
   * What a secured cluster was started with: two users — {@value #INDEXER} may do everything,
   * {@value #SEARCHER} only read ({@code security.json}'s rules) — with random passwords, and the
   * operator's truststore (PKCS12) holding the nodes' certificate.
   */
  record Security(Map<String, String> passwords, Path truststore, String storePassword) {
    @Override
    public String toString() {
      return "Security[users=" + passwords.keySet() + ", truststore=" + truststore + "]";
    }
  }

  public static final String INDEXER = "indexer";
  public static final String SEARCHER = "searcher";

  /** The cluster of this JVM, started on first call (about 10 s, plus the first Maven resolution). */
  public static synchronized SolrCluster shared() {
    if (shared == null) {
      try {
        shared = launch(NODES, null);
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

  /**
   * A second cluster of this JVM, secured as operators run one: one node over TLS only (its
   * certificate names localhost and 127.0.0.1; the node's own shard requests go over TLS too),
   * Basic authentication for every request and rule-based authorization ({@link #security}).
   * Started on first call; one node keeps it cheap, and a 2-shard collection still sends the
   * node's shard requests over TLS with Solr's inter-node authentication.
   */
  public static synchronized SolrCluster secured() {
    if (secured == null) {
      try {
        Path work = Path.of("target", "solr-cluster").toAbsolutePath();
        Files.createDirectories(work);
        Path dir = Files.createTempDirectory(work, "secure-");
        secured = launch(1, secure(dir));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      SolrCluster cluster = secured;
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "solr-secured-cluster-stop"));
    }
    return secured;
  }

  /**
   * The client settings of {@code user} on the secured cluster, with the operator's truststore.
   * An unknown user gets a password the cluster does not know.
   */
  public SolrSecurity security(String user) {
    if (security == null) {
      throw new IllegalStateException("this cluster is not secured");
    }
    return new SolrSecurity(java.util.Optional.of(user), security.passwords().getOrDefault(user, "not-the-password"),
        java.util.Optional.of(security.truststore()), security.storePassword());
  }

  /** The truststore the secured cluster's clients use. */
  public Path truststore() {
    return security.truststore();
  }

  /**
   * Writes what a secured cluster starts with into {@code dir}: a node key and self-signed
   * certificate (keytool; SAN localhost and 127.0.0.1), the truststore operators hand to clients
   * (that certificate only), and security.json (Basic authentication, every request
   * authenticated; {@value #INDEXER} in role writer, {@value #SEARCHER} in role reader; reads for
   * both, everything else for writers).
   */
  private static Security secure(Path dir) throws IOException, InterruptedException {
    java.security.SecureRandom random = new java.security.SecureRandom();
    String storePassword = Long.toHexString(random.nextLong());
    Path keystore = dir.resolve("node.p12");
    Path certificate = dir.resolve("node.pem");
    Path truststore = dir.resolve("truststore.p12");
    keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "7", "-keystore", keystore.toString(), "-storetype", "PKCS12",
        "-storepass", storePassword, "-keypass", storePassword);
    keytool("-exportcert", "-rfc", "-alias", "node", "-keystore", keystore.toString(), "-storepass", storePassword,
        "-file", certificate.toString());
    keytool("-importcert", "-noprompt", "-alias", "cluster-ca", "-file", certificate.toString(), "-keystore",
        truststore.toString(), "-storetype", "PKCS12", "-storepass", storePassword);
    Map<String, String> passwords = new java.util.TreeMap<>();
    passwords.put(INDEXER, Long.toHexString(random.nextLong()));
    passwords.put(SEARCHER, Long.toHexString(random.nextLong()));
    var json = SolrHttp.JSON.createObjectNode();
    var authentication = json.putObject("authentication").put("class", "solr.BasicAuthPlugin").put("blockUnknown", true);
    var credentials = authentication.putObject("credentials");
    passwords.forEach((user, password) -> credentials.put(user, saltedHash(password, random)));
    var authorization = json.putObject("authorization").put("class", "solr.RuleBasedAuthorizationPlugin");
    authorization.putObject("user-role").put(INDEXER, "writer").put(SEARCHER, "reader");
    var permissions = authorization.putArray("permissions");
    for (String read : List.of("read", "collection-admin-read", "schema-read")) {
      permissions.addObject().put("name", read).putArray("role").add("reader").add("writer");
    }
    // Collection properties (mmsearch's schema and commit data) are read through the ZooKeeper
    // read API; Solr 9.10's "zk-read" does not cover it, a path permission does (docs/scale-out.md).
    permissions.addObject().put("name", "mmsearch-properties-read").putNull("collection")
        .put("path", "/____v2/cluster/zookeeper/data/collections/*").putArray("role").add("reader").add("writer");
    permissions.addObject().put("name", "all").put("role", "writer");
    Files.write(dir.resolve("security.json"), SolrHttp.JSON.writeValueAsBytes(json));
    Files.writeString(dir.resolve("store.password"), storePassword);
    return new Security(passwords, truststore, storePassword);
  }

  /**
   * Solr's BasicAuthPlugin credential: base64(sha256(sha256(salt + password))) and base64(salt),
   * as its reference guide describes security.json.
   */
  private static String saltedHash(String password, java.util.Random random) {
    byte[] salt = new byte[32];
    random.nextBytes(salt);
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      byte[] once = sha.digest(password.getBytes(StandardCharsets.UTF_8));
      byte[] twice = java.security.MessageDigest.getInstance("SHA-256").digest(once);
      return java.util.Base64.getEncoder().encodeToString(twice) + " " + java.util.Base64.getEncoder().encodeToString(salt);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
    }
  }

  private SolrCluster(Process process, List<URI> nodes, Path data, BlockingQueue<String> lines) {
    this.process = process;
    this.commands = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.nodes = List.copyOf(nodes);
    this.data = data;
    lines.drainTo(replies);
  }

  /**
   * The folder the clusters run from, {@code target/solr-cluster}, with the cluster program
   * ({@code SolrClusterMain.java}) and Solr's class path ({@code classpath.txt}, resolved by
   * Maven on first use) in it.
   */
  static synchronized Path work() throws IOException, InterruptedException {
    Path work = Path.of("target", "solr-cluster").toAbsolutePath();
    Files.createDirectories(work);
    for (String f : List.of("pom.xml", "SolrClusterMain.java")) {
      try (InputStream in = SolrCluster.class.getResourceAsStream("/solr-cluster/" + f)) {
        Files.copy(in, work.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Path classpath = work.resolve("classpath.txt");
    if (!Files.exists(classpath)) {
      dev.mmsearch.testing.MavenClasspath.resolve(work.resolve("pom.xml"), classpath, work.resolve("resolve.log"));
    }
    return work;
  }

  private static SolrCluster launch(int n, Security security) throws IOException, InterruptedException {
    Path work = work();
    Path classpath = work.resolve("classpath.txt");
    Path data = Files.createTempDirectory(work, "data-");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Request metrics on: tests count the requests a search or a load costs (requests()).
    List<String> cmd = new ArrayList<>(List.of(java, security == null ? "-Xmx2g" : "-Xmx768m", "-XX:+UseSerialGC",
        "-Dsolr.log.dir=" + data, "-DmetricsEnabled=true"));
    if (security != null) {
      Path dir = security.truststore().getParent();
      // The nodes' own requests to each other trust the same certificate.
      // jetty.testMode: JettySolrRunner only applies the SSL configuration in it.
      cmd.addAll(List.of("-Djetty.testMode=true", "-Djavax.net.ssl.keyStore=" + dir.resolve("node.p12"), "-Djavax.net.ssl.keyStorePassword="
          + security.storePassword(), "-Djavax.net.ssl.keyStoreType=PKCS12", "-Djavax.net.ssl.trustStore="
          + security.truststore(), "-Djavax.net.ssl.trustStorePassword=" + security.storePassword(),
          "-Djavax.net.ssl.trustStoreType=PKCS12"));
    }
    cmd.addAll(List.of("-cp", Files.readString(classpath).trim(), work.resolve("SolrClusterMain.java").toString(),
        Integer.toString(n), data.toString()));
    if (security != null) {
      Path dir = security.truststore().getParent();
      cmd.addAll(List.of(dir.resolve("security.json").toString(), dir.resolve("node.p12").toString()));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectError(work.resolve(security == null ? "solr.log" : "solr-secured.log").toFile());
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
    c.security = security;
    c.zkHost = parts[1];
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
    return countReplicas(location);
  }

  /** {@link #replicaCounts} of a collection on any cluster, once it is {@linkplain #awaitInSync in sync}. */
  static java.util.Map<String, List<Long>> countReplicas(String location) {
    SolrBackend backend = SolrBackend.parse(location);
    SolrHttp http = new SolrHttp(backend.nodes(), java.time.Duration.ofSeconds(30));
    SolrCollection collection = new SolrCollection(http, backend.collection());
    awaitInSync(location, java.time.Duration.ofMinutes(2));
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

  /**
   * Waits until every replica of the collection at {@code location} is active and holds its
   * shard leader's term (ZooKeeper's shard terms, {@code /collections/C/terms/SHARD}, with no
   * replica marked recovering); returns when ({@link System#nanoTime}). "Active" alone is not
   * enough: a replica that refused the leader's updates while it could not reach ZooKeeper keeps
   * its active state, and only its lower term (raised on the leader when the update failed) tells
   * it to recover; until it has, it answers without those updates.
   */
  static long awaitInSync(String location, java.time.Duration timeout) {
    SolrBackend backend = SolrBackend.parse(location);
    SolrHttp http = new SolrHttp(backend.nodes(), java.time.Duration.ofSeconds(30));
    SolrCollection collection = new SolrCollection(http, backend.collection());
    long deadline = System.nanoTime() + timeout.toNanos();
    String firstBehind = null;
    long activeBehind = 0;
    while (true) {
      long left = Math.max(1, deadline - System.nanoTime());
      collection.waitForActive(java.time.Duration.ofNanos(left));
      String behind = termsBehind(http, backend.collection(), collection.state());
      if (behind == null) {
        if (firstBehind != null) {
          System.out.printf("%s: every replica active but not in sync (terms %s); in sync %.1f s later%n", backend.collection(),
              firstBehind, (System.nanoTime() - activeBehind) / 1e9);
        }
        return System.nanoTime();
      }
      if (firstBehind == null) {
        firstBehind = behind;
        activeBehind = System.nanoTime();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("replicas of " + backend.collection() + " not in sync within " + timeout.toSeconds() + " s: "
            + behind);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** The shards whose terms show a replica behind its leader or recovering, or null when none do. */
  private static String termsBehind(SolrHttp http, String collection, com.fasterxml.jackson.databind.JsonNode state) {
    StringBuilder behind = new StringBuilder();
    state.path("shards").fieldNames().forEachRemaining(shard -> {
      SolrHttp.Answer a = http.get("/api/cluster/zookeeper/data/collections/" + collection + "/terms/" + shard, RetryPolicy.READS);
      com.fasterxml.jackson.databind.JsonNode terms = SolrHttp.ok(a, "reading the terms of " + collection + "/" + shard);
      long highest = 0;
      for (var t : terms.properties()) {
        highest = Math.max(highest, t.getValue().asLong());
      }
      for (var replica : state.path("shards").path(shard).path("replicas").properties()) {
        String node = replica.getKey();
        if (terms.path(node).asLong(-1) < highest || terms.has(node + "_recovering")) {
          behind.append(behind.isEmpty() ? "" : "; ").append(shard).append(": ").append(terms);
          break;
        }
      }
    });
    return behind.isEmpty() ? null : behind.toString();
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

  /**
   * A Solr node in a process of its own, joined to a cluster ({@link #startProcessNode}): the one
   * node a test can {@link #kill} -9. Its ZooKeeper session times out after
   * {@value #PROCESS_NODE_SESSION_MS} ms, so the cluster notices its death that long after.
   */
  public record ProcessNode(Process process, URI url, String nodeName) {
    /** SIGKILL: no shutdown, no session close, in-flight requests cut. */
    public void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  /** The ZooKeeper session timeout of a {@link ProcessNode} (the in-JVM nodes have 30 s). */
  public static final int PROCESS_NODE_SESSION_MS = 10_000;

  /**
   * Starts one more node of this cluster in a process of its own (about 300 MB, 5–10 s), with its
   * cores under the cluster's data folder.
   */
  public ProcessNode startProcessNode() throws IOException, InterruptedException {
    Path work = Path.of("target", "solr-cluster").toAbsolutePath();
    Path home = Files.createTempDirectory(data, "process-node-");
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(javaBin, "-Xmx512m", "-XX:+UseSerialGC", "-Dsolr.zkclienttimeout=" + PROCESS_NODE_SESSION_MS,
        "-Dsolr.log.dir=" + home, "-cp", Files.readString(work.resolve("classpath.txt")).trim(),
        work.resolve("SolrClusterMain.java").toString(), "node", zkHost, home.toString(), "0")
        .redirectError(work.resolve("process-node.log").toFile()).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    String line;
    while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
      if (line.startsWith(REPLY + "ready-node ")) {
        URI url = URI.create(line.substring((REPLY + "ready-node ").length()).trim());
        Thread drain = new Thread(() -> {
          try {
            out.transferTo(java.io.Writer.nullWriter());
          } catch (IOException e) {
            // the node ended
          }
        }, "solr-process-node-out");
        drain.setDaemon(true);
        drain.start();
        return new ProcessNode(p, url, url.getHost() + ":" + url.getPort() + "_solr");
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("the process node did not start; see " + work.resolve("process-node.log"));
  }

  /** Stops node {@code i} (its Jetty and cores; its ZooKeeper session closes, so the cluster sees it gone). */
  public void stop(int i) {
    command("stop " + i);
  }

  /** Starts node {@code i} again, on the same port; its replicas recover from their leaders. */
  public void start(int i) {
    command("start " + i);
  }

  /**
   * Stops the cluster's ZooKeeper (its only member: the quorum is lost). The nodes keep running on
   * the cluster state they hold; their sessions end if it stays down past the session timeout.
   */
  public void stopZooKeeper() {
    command("zk-stop");
  }

  /** Starts ZooKeeper again on the same port and data; the nodes reconnect. */
  public void startZooKeeper() {
    command("zk-start");
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
    delete(data);
    if (security != null) {
      delete(security.truststore().getParent()); // the node key, truststore and security.json
    }
  }

  private static void delete(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // left for mvn clean
    }
  }
}

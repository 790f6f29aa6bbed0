package dev.mmsearch.index.solr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * SolrCloud as operators run it, on one machine: a {@value #MEMBERS}-member ZooKeeper ensemble
 * and {@value #NODES} Solr nodes, each a process of its own in a network namespace of its own
 * ({@link NetworkNamespaces}: its own address, ports and link), the test JVM a client with an
 * address of its own beside them. Unlike {@link SolrCluster} (nodes in one JVM, one ZooKeeper,
 * loopback), a member here can be killed with SIGKILL ({@link #killNode}, {@link #killZooKeeper}),
 * cut off the network while it runs ({@link #partitionNode}), and the ensemble can lose one member
 * or its quorum.
 *
 * <p>Each node's ZooKeeper session times out after {@value #SESSION_MS} ms (production: commonly
 * 15–30 s): that long after a node dies or is cut off, the cluster takes it as gone.
 *
 * <p>Where namespaces cannot be made (no privilege, no {@code ip}), {@link #sharedOrAbort} aborts
 * the calling test with the reason and logs it as a warning: those tests are reported skipped,
 * never passed, and the faults one machine without namespaces can make are tested on
 * {@link SolrCluster} instead ({@link SolrKillTest} and {@link SolrZooKeeperLossTest}, which
 * run only then, and {@link SolrFailoverTest}, which always runs).
 *
 * <p>Children run with C1 only ({@code -XX:TieredStopAtLevel=1}): less compiling while six JVMs
 * start on a few cores; the tests measure failures and waits, not throughput.
 *
 * <p>One per test JVM, started on first use (about 30 s on 2 cores) and torn down at exit.
 */
final class NamespaceCluster implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(NamespaceCluster.class.getName());

  static final int MEMBERS = 3;
  static final int NODES = 3;
  static final int SESSION_MS = 10_000;
  static final int SOLR_PORT = 8983;
  static final int ZK_PORT = 2181;
  /** How long one try of a node's start may take: six JVMs may be starting on two busy cores. */
  static final int START_SECONDS = 120;
  static final int START_TRIES = 3;
  private static final String REPLY = "@@solr-cluster ";

  private static NamespaceCluster shared;
  private static String unavailable;
  /** Why the cluster did not start, so later tests fail at once instead of starting it again. */
  private static RuntimeException failed;

  private final NetworkNamespaces net;
  private final Path work;
  private final Path data;
  private final String classpath;
  private final List<NetworkNamespaces.Host> zkHosts = new ArrayList<>();
  private final List<NetworkNamespaces.Host> solrHosts = new ArrayList<>();
  private final Child[] members = new Child[MEMBERS];
  private final Child[] nodes = new Child[NODES];
  private final String zkHost;

  /**
   * The namespace cluster of this JVM, started on first call; where namespaces cannot be made,
   * aborts the calling test saying why (and logs a warning once).
   */
  static synchronized NamespaceCluster sharedOrAbort() {
    if (failed != null) {
      throw failed;
    }
    if (shared == null && unavailable == null) {
      unavailable = NetworkNamespaces.unavailableReason().orElse(null);
      if (unavailable != null) {
        LOG.log(Level.WARNING, "separate-host fault tests NOT run: " + unavailable
            + "; only the single-JVM cluster's fault tests (SolrFailoverTest, SolrKillTest, SolrZooKeeperLossTest) ran");
      } else {
        try {
          shared = start();
        } catch (IOException e) {
          throw failed = new UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw failed = new IllegalStateException(e);
        } catch (RuntimeException e) {
          throw failed = e;
        }
        NamespaceCluster c = shared;
        Runtime.getRuntime().addShutdownHook(new Thread(c::close, "namespace-cluster-stop"));
      }
    }
    Assumptions.assumeTrue(unavailable == null, () -> "separate hosts need network namespaces, which cannot be made here: "
        + unavailable + " (the single-JVM cluster's fault tests ran instead)");
    return shared;
  }

  private NamespaceCluster(NetworkNamespaces net, Path work, Path data, String classpath) throws IOException {
    this.net = net;
    this.work = work;
    this.data = data;
    this.classpath = classpath;
    StringBuilder zk = new StringBuilder();
    for (int i = 0; i < MEMBERS; i++) {
      NetworkNamespaces.Host h = net.add("zk" + (i + 1), 11 + i);
      zkHosts.add(h);
      zk.append(i > 0 ? "," : "").append(h.address()).append(':').append(ZK_PORT);
    }
    for (int i = 0; i < NODES; i++) {
      solrHosts.add(net.add("solr" + (i + 1), 21 + i));
    }
    this.zkHost = zk.toString();
  }

  private static NamespaceCluster start() throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Path work = SolrCluster.work();
    Path data = Files.createTempDirectory(work, "netns-");
    String classpath = compile(work, data) + java.io.File.pathSeparator + Files.readString(work.resolve("classpath.txt")).trim();
    NetworkNamespaces net = NetworkNamespaces.create();
    NamespaceCluster c;
    try {
      c = new NamespaceCluster(net, work, data, classpath);
    } catch (IOException | RuntimeException e) {
      net.close();
      throw e;
    }
    try {
      for (int i = 0; i < MEMBERS; i++) {
        c.writeZooKeeperConfig(i);
        c.startZooKeeper(i);
      }
      for (int i = 0; i < MEMBERS; i++) {
        c.awaitZooKeeper(i, Duration.ofSeconds(90));
      }
      c.startNodes(0, 1, 2);
      c.awaitLiveNodes(NODES, Duration.ofSeconds(60));
    } catch (Exception e) {
      c.close();
      throw new IllegalStateException("the namespace cluster did not start; logs in " + data, e);
    }
    LOG.log(Level.INFO, () -> String.format("namespace cluster up in %.1f s: ZooKeeper %s, nodes %s", (System.nanoTime() - t0) / 1e9,
        c.zkHost, c.nodes()));
    return c;
  }

  /** Compiles the cluster program once (instead of in every child, a few CPU seconds each). */
  private static String compile(Path work, Path data) throws IOException {
    Path classes = data.resolve("classes");
    Files.createDirectories(classes);
    javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
    java.io.StringWriter out = new java.io.StringWriter();
    boolean ok = javac.getTask(out, null, null, List.of("-proc:none", "-nowarn", "-d", classes.toString(), "-cp",
        Files.readString(work.resolve("classpath.txt")).trim()), null,
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(work.resolve("SolrClusterMain.java")))
        .call();
    if (!ok) {
      throw new IOException("compiling SolrClusterMain failed: " + out);
    }
    return classes.toString();
  }

  /** The test JVM's own address, on the network the cluster's hosts share. */
  String clientAddress() {
    return net.localAddress();
  }

  /** The ensemble, {@code a:2181,b:2181,c:2181}. */
  String zkHost() {
    return zkHost;
  }

  /** Base URLs of the nodes, {@code http://10.231.x.2n:8983/solr}. */
  List<URI> nodes() {
    List<URI> out = new ArrayList<>();
    for (NetworkNamespaces.Host h : solrHosts) {
      out.add(URI.create("http://" + h.address() + ":" + SOLR_PORT + "/solr"));
    }
    return out;
  }

  /** The location of a new collection, knowing every node; created by the first writer. */
  String collection(String name, int shards, int replicas) {
    List<URI> all = nodes();
    StringBuilder others = new StringBuilder();
    for (int i = 1; i < all.size(); i++) {
      others.append(i > 1 ? "," : "").append(all.get(i).getAuthority());
    }
    return all.getFirst() + "/" + name + "?shards=" + shards + "&replicas=" + replicas + "&nodes=" + others;
  }

  /** The index of the node at {@code base} ({@code http://address:port/solr}), or -1. */
  int nodeIndex(URI base) {
    return nodes().indexOf(base);
  }

  /** SIGKILL of node {@code i}'s process: no shutdown, no session close, in-flight requests cut. */
  void killNode(int i) throws InterruptedException {
    nodes[i].kill();
  }

  /**
   * Starts nodes again (each a new process on the same address, port and cores), all at once,
   * and waits until they run.
   */
  void startNodes(int... which) throws Exception {
    List<CompletableFuture<Void>> starting = new ArrayList<>();
    for (int i : which) {
      starting.add(launchNode(i));
    }
    for (int k = 0; k < which.length; k++) {
      awaitStarted(which[k], starting.get(k));
    }
  }

  /**
   * Waits until node {@code i} says it is ready. A start that fails — its process ends first, or
   * is not ready within {@value #START_SECONDS} s — is tried again, as an operator's supervisor
   * (systemd's {@code Restart=on-failure}) would, up to {@value #START_TRIES} tries in all; each
   * failed try is logged as a warning with the end of the node's log, so a run says why.
   */
  private void awaitStarted(int i, CompletableFuture<Void> start) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        start.get(START_SECONDS, TimeUnit.SECONDS);
        return;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        String tail = logTail(data.resolve("solr" + (i + 1) + ".log"), 15);
        if (attempt == START_TRIES) {
          throw new IllegalStateException("node " + (i + 1) + " did not start in " + attempt + " tries; its log ends:\n" + tail, e);
        }
        LOG.log(Level.WARNING, "node {0} did not start (try {1}: {2}); starting it again. Its log ends:\n{3}", i + 1, attempt,
            e instanceof java.util.concurrent.TimeoutException ? "not ready in " + START_SECONDS + " s" : e.getCause().getMessage(),
            tail);
        nodes[i].kill();
        start = launchNode(i);
      }
    }
  }

  private static String logTail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  /** Cuts node {@code i}'s host off the network; its process runs on. */
  void partitionNode(int i) throws IOException {
    net.partition(solrHosts.get(i));
  }

  /** Joins node {@code i}'s host to the network again. */
  void healNode(int i) throws IOException {
    net.heal(solrHosts.get(i));
  }

  /** SIGKILL of ZooKeeper member {@code i}. */
  void killZooKeeper(int i) throws InterruptedException {
    members[i].kill();
  }

  /** Starts ZooKeeper member {@code i} again, on its data, and waits until it serves in a quorum. */
  void restartZooKeeper(int i) throws IOException, InterruptedException {
    startZooKeeper(i);
  }

  /** The member that leads the ensemble now, or -1 (asked with ZooKeeper's {@code srvr} command). */
  int zooKeeperLeader() {
    for (int i = 0; i < MEMBERS; i++) {
      if (zooKeeperMode(i).equals("leader")) {
        return i;
      }
    }
    return -1;
  }

  /** Waits until member {@code i} serves as leader or follower. */
  void awaitZooKeeper(int i, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String mode;
    while (!(mode = zooKeeperMode(i)).equals("leader") && !mode.equals("follower")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("ZooKeeper member " + (i + 1) + " not in a quorum after " + timeout.toSeconds()
            + " s (mode: " + mode + "); see " + data.resolve("zk" + (i + 1) + ".log"));
      }
      Thread.sleep(200);
    }
  }

  /** Waits until the cluster lists {@code n} live nodes. */
  void awaitLiveNodes(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    SolrHttp http = new SolrHttp(nodes(), Duration.ofSeconds(5));
    int live = -1;
    while (System.nanoTime() < deadline) {
      try {
        SolrHttp.Answer a = http.get("/api/cluster/nodes", new RetryPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO,
            Duration.ofSeconds(5)));
        live = a.ok() ? a.body().path("nodes").size() : -1;
        if (live == n) {
          return;
        }
      } catch (SolrException e) {
        // not up yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(n + " live nodes expected within " + timeout.toSeconds() + " s, saw " + live);
  }

  private String zooKeeperMode(int i) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(zkHosts.get(i).address(), ZK_PORT), 1000);
      s.setSoTimeout(2000);
      s.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
      String out = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      for (String line : out.split("\n")) {
        if (line.startsWith("Mode: ")) {
          return line.substring("Mode: ".length()).strip();
        }
      }
      return out.isBlank() ? "no answer" : out.strip();
    } catch (IOException e) {
      return "unreachable (" + e.getMessage() + ")";
    }
  }

  private void writeZooKeeperConfig(int i) throws IOException {
    Path dir = data.resolve("zk" + (i + 1));
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("myid"), Integer.toString(i + 1));
    StringBuilder cfg = new StringBuilder();
    // A tick of 1 s: sessions of 2–20 s may be asked for; Solr asks SESSION_MS.
    cfg.append("tickTime=1000\ninitLimit=10\nsyncLimit=5\n").append("dataDir=").append(dir).append('\n')
        .append("clientPort=").append(ZK_PORT).append('\n').append("clientPortAddress=").append(zkHosts.get(i).address())
        .append('\n').append("admin.enableServer=false\n4lw.commands.whitelist=srvr,ruok\n");
    for (int m = 0; m < MEMBERS; m++) {
      cfg.append("server.").append(m + 1).append('=').append(zkHosts.get(m).address()).append(":2888:3888\n");
    }
    Files.writeString(dir.resolve("zoo.cfg"), cfg);
  }

  private void startZooKeeper(int i) throws IOException, InterruptedException {
    Path dir = data.resolve("zk" + (i + 1));
    List<String> java = java("-Xmx128m", "-Dzookeeper.cnxTimeout=2000", "SolrClusterMain", "zk", dir.resolve("zoo.cfg").toString());
    members[i] = Child.start(NetworkNamespaces.command(zkHosts.get(i), java), data.resolve("zk" + (i + 1) + ".log"),
        REPLY + "ready-zk");
    members[i].ready().join();
  }

  private CompletableFuture<Void> launchNode(int i) throws IOException {
    Path home = data.resolve("solr" + (i + 1));
    Files.createDirectories(home);
    String address = solrHosts.get(i).address();
    List<String> java = java("-Xmx512m", "-Dsolr.log.dir=" + home, "-Dsolr.zkclienttimeout=" + SESSION_MS,
        "-Dsolr.zookeeper.client.timeout=" + SESSION_MS, "-DmetricsEnabled=true", "SolrClusterMain", "node", zkHost,
        home.toString(), Integer.toString(SOLR_PORT), address);
    nodes[i] = Child.start(NetworkNamespaces.command(solrHosts.get(i), java), data.resolve("solr" + (i + 1) + ".log"),
        REPLY + "ready-node ");
    return nodes[i].ready().thenAccept(line -> {
    });
  }

  private List<String> java(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Stops every process, then deletes the namespaces, the bridge and the data. */
  @Override
  public synchronized void close() {
    for (Child c : nodes) {
      if (c != null) {
        c.stop();
      }
    }
    for (Child c : members) {
      if (c != null) {
        c.stop();
      }
    }
    net.close();
  }

  /**
   * A child process: its output (stdout and stderr) copied to a log file, {@link #ready} completed
   * with the first line that starts with the ready prefix (failed if it ends first).
   */
  record Child(Process process, CompletableFuture<String> ready) {

    static Child start(List<String> command, Path log, String readyPrefix) throws IOException {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      CompletableFuture<String> ready = new CompletableFuture<>();
      Thread pump = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
          String line;
          while ((line = r.readLine()) != null) {
            w.write(line);
            w.write('\n');
            w.flush(); // a test JVM that ends keeps no buffered line: the log is for when things go wrong
            if (!ready.isDone() && line.startsWith(readyPrefix)) {
              ready.complete(line.substring(readyPrefix.length()));
            }
          }
        } catch (IOException e) {
          // the process ended
        }
        ready.completeExceptionally(new IllegalStateException("process ended before it was ready; see " + log));
      }, "child-output");
      pump.setDaemon(true);
      pump.start();
      return new Child(p, ready);
    }

    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor();
    }

    /** Closes its stdin (the program's cue to shut down cleanly), SIGKILL after 30 s. */
    void stop() {
      try (OutputStream in = process.getOutputStream()) {
        // closing is the signal
      } catch (IOException e) {
        // already gone
      }
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}

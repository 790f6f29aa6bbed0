package dev.mmsearch.spark;

import dev.mmsearch.testing.MavenClasspath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster for tests, as operators run one: a master and {@code n} workers,
 * each a JVM of its own started the way Spark's {@code sbin/start-master.sh} and
 * {@code start-worker.sh} start them ({@code spark-class} with the master's or worker's main class),
 * and jobs submitted through {@code SparkSubmit} in a JVM of their own. The installation is Spark
 * 4.2.0 as Maven resolves it from {@code spark-home/pom.xml} (a test resource), its jars linked
 * into {@code target/spark-home/jars} the way a Spark distribution lays them out, because the
 * workers build each executor's class path from {@code SPARK_HOME/jars}.
 *
 * <p>Everything listens on 127.0.0.1. Each process logs to a file in the cluster's folder, which
 * the failure messages name. {@link #close} kills every process it started, and the executors the
 * workers started, so a failed test leaves nothing behind.
 */
final class SparkStandalone implements AutoCloseable {

  /** How long a process may take to say it is up: generous, for a loaded 2-core machine. */
  private static final long START_SECONDS = 180;

  private final Path dir;
  /** Added by the test's thread, read by a shutdown hook's too. */
  private final List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Process> workers = new ArrayList<>();
  private final String master;

  private SparkStandalone(Path dir, String master) {
    this.dir = dir;
    this.master = master;
  }

  /**
   * The Spark installation, {@code target/spark-home}: on first use its class path is resolved by
   * Maven and each jar linked into {@code jars/}; later uses find it there.
   */
  static synchronized Path home() throws IOException, InterruptedException {
    Path home = Path.of("target", "spark-home").toAbsolutePath();
    Path jars = home.resolve("jars");
    if (Files.isDirectory(jars)) {
      return home;
    }
    Files.createDirectories(home);
    try (InputStream in = SparkStandalone.class.getResourceAsStream("/spark-home/pom.xml")) {
      Files.copy(in, home.resolve("pom.xml"), StandardCopyOption.REPLACE_EXISTING);
    }
    Path classpath = home.resolve("classpath.txt");
    if (!Files.exists(classpath)) {
      MavenClasspath.resolve(home.resolve("pom.xml"), classpath, home.resolve("resolve.log"));
    }
    // Linked in a folder of its own, then moved into place: an interrupted run leaves no half folder.
    Path partial = Files.createTempDirectory(home, "jars-");
    for (String jar : Files.readString(classpath).trim().split(java.io.File.pathSeparator)) {
      Path source = Path.of(jar);
      Files.createSymbolicLink(partial.resolve(source.getFileName()), source);
    }
    Files.move(partial, jars, StandardCopyOption.ATOMIC_MOVE);
    return home;
  }

  /**
   * Starts a master and {@code workers} workers (each {@code cores} cores and {@code memory} for
   * executors, its own work folder) in {@code dir}; returns once every worker has registered.
   */
  static SparkStandalone start(Path dir, int workers, int cores, String memory) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int port = freePort();
    SparkStandalone cluster = new SparkStandalone(dir, "spark://127.0.0.1:" + port);
    // A test JVM that exits without closing (interrupted, stopped by its runner) still ends them.
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "spark-standalone-stop"));
    try {
      Path masterLog = dir.resolve("master.log");
      cluster.processes.add(cluster.daemon("org.apache.spark.deploy.master.Master", masterLog, List.of(), "--host", "127.0.0.1",
          "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort())));
      await(cluster.processes.getFirst(), masterLog, l -> l.contains("I have been elected leader"), "the master");
      for (int i = 0; i < workers; i++) {
        Path work = Files.createDirectories(dir.resolve("worker-" + i));
        Path log = dir.resolve("worker-" + i + ".log");
        Process w = cluster.daemon("org.apache.spark.deploy.worker.Worker", log,
            List.of("SPARK_LOCAL_DIRS=" + Files.createDirectories(work.resolve("local"))), "--host", "127.0.0.1", "--cores",
            Integer.toString(cores), "--memory", memory, "--work-dir", work.toString(), "--webui-port",
            Integer.toString(freePort()), cluster.master);
        cluster.processes.add(w);
        cluster.workers.add(w);
      }
      for (int i = 0; i < workers; i++) {
        await(cluster.workers.get(i), dir.resolve("worker-" + i + ".log"), l -> l.contains("Successfully registered with master"),
            "worker " + i);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** The master's URL, {@code spark://127.0.0.1:port}, for {@code --master}. */
  String master() {
    return master;
  }

  /**
   * Submits {@code jar} in client mode, the driver a JVM of its own ({@code SparkSubmit}, as
   * {@code spark-submit} runs it), with {@code conf} ({@code key=value}) and the application's
   * {@code args}; its stdout goes to {@code name.out}, its log to {@code name.log}.
   */
  Process submit(String name, Path jar, String mainClass, List<String> jvmFlags, Map<String, String> env, List<String> conf,
      List<String> args) throws IOException, InterruptedException {
    List<String> cmd = java(jvmFlags);
    cmd.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", master, "--deploy-mode", "client", "--class",
        mainClass));
    for (String c : conf) {
      cmd.addAll(List.of("--conf", c));
    }
    cmd.add(jar.toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".log").toFile());
    environment(pb);
    pb.environment().putAll(env);
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  /**
   * The id of the executor worker {@code i} was last asked to launch (its log: "Asked to launch
   * executor app-…/ID"), or null before it was.
   */
  String executorId(int i) throws IOException {
    String id = null;
    for (String line : lines(dir.resolve("worker-" + i + ".log"))) {
      Matcher m = LAUNCH.matcher(line);
      if (m.find()) {
        id = m.group(1);
      }
    }
    return id;
  }

  private static final Pattern LAUNCH = Pattern.compile("Asked to launch executor \\S+/(\\d+)");

  /**
   * SIGKILL of worker {@code i} and its executors at once, as when its machine dies: no shutdown,
   * no goodbye to the master or the driver, tasks cut mid-write.
   */
  void kill(int i) throws InterruptedException {
    Process worker = workers.get(i);
    List<ProcessHandle> tree = new ArrayList<>(worker.descendants().toList());
    tree.add(worker.toHandle());
    tree.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : tree) {
      p.onExit().join();
    }
  }

  /** The folder the cluster runs in: logs, the workers' work folders. */
  Path dir() {
    return dir;
  }

  /** Stops every process (and executor) started here: politely, then after 10 s by force. Safe to call again. */
  @Override
  public synchronized void close() {
    List<ProcessHandle> all = new ArrayList<>();
    for (Process p : processes) {
      all.addAll(p.descendants().toList());
      all.add(p.toHandle());
    }
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (ProcessHandle p : all) {
      try {
        p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
    }
  }

  private Process daemon(String mainClass, Path log, List<String> env, String... args) throws IOException,
      InterruptedException {
    List<String> cmd = java(List.of("-Xmx256m"));
    cmd.add(mainClass);
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    environment(pb);
    for (String e : env) {
      int eq = e.indexOf('=');
      pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
    }
    return pb.start();
  }

  /**
   * {@code java} with Spark's class path and the {@code --add-opens} Spark needs on Java 17+
   * (what {@code spark-class} adds), plain-text logs, and {@code flags}.
   */
  private static List<String> java(List<String> flags) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Arrays.asList(System.getProperty("spark.jvm.flags", "").trim().split("\\s+")));
    cmd.add("-Dspark.log.structuredLogging.enabled=false");
    cmd.addAll(flags);
    cmd.addAll(List.of("-cp", home().resolve("jars") + "/*"));
    return cmd;
  }

  /** What every process gets: the installation, this JVM's Java for the executors, loopback. */
  private static void environment(ProcessBuilder pb) throws IOException, InterruptedException {
    pb.environment().put("SPARK_HOME", home().toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
  }

  /** Waits until a line of {@code log} matches, failing with the log's end when the process ends or time runs out. */
  private static void await(Process p, Path log, Predicate<String> ready, String what) throws IOException,
      InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (true) {
      List<String> lines = lines(log);
      if (lines.stream().anyMatch(ready)) {
        return;
      }
      if (!p.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(what + (p.isAlive() ? " was not up within " + START_SECONDS + " s" : " ended")
            + "; the end of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
      }
      Thread.sleep(200);
    }
  }

  /** The lines of a log so far (bytes that are not UTF-8 replaced, not refused). */
  static List<String> lines(Path log) throws IOException {
    return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList() : List.of();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

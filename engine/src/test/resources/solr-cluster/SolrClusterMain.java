import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.solr.embedded.JettySolrRunner;
import org.apache.solr.cloud.MiniSolrCloudCluster;

/**
 * A SolrCloud cluster for tests: N Solr nodes (each its own Jetty server, port and cores) and an
 * embedded ZooKeeper, on loopback. Run with Solr's class path (source-file mode); prints
 * {@code @@solr-cluster ready <zk> <node urls…>} once up, then obeys one command per line on stdin:
 * {@code stop i}, {@code start i} (the same port again), {@code exit}. Every reply is one line.
 * Exits, tearing the cluster down, when stdin closes: a test JVM that dies takes it along.
 */
public class SolrClusterMain {
  /** Marks this program's replies among Solr's own log lines on stdout. */
  static final String REPLY = "@@solr-cluster ";

  public static void main(String[] args) throws Exception {
    int nodes = Integer.parseInt(args[0]);
    Path base = Path.of(args[1]);
    Files.createDirectories(base);
    MiniSolrCloudCluster cluster = new MiniSolrCloudCluster.Builder(nodes, base).build();
    List<JettySolrRunner> runners = List.copyOf(cluster.getJettySolrRunners());
    StringBuilder ready = new StringBuilder(REPLY + "ready ").append(cluster.getZkServer().getZkAddress());
    for (JettySolrRunner j : runners) {
      ready.append(' ').append(j.getBaseUrl());
    }
    System.out.println(ready);
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    try {
      while ((line = in.readLine()) != null) {
        String[] cmd = line.trim().split(" ");
        try {
          switch (cmd[0]) {
            case "stop" -> {
              cluster.stopJettySolrRunner(runners.get(Integer.parseInt(cmd[1])));
              cluster.waitForJettyToStop(runners.get(Integer.parseInt(cmd[1])));
              System.out.println(REPLY + "ok stopped " + cmd[1]);
            }
            case "start" -> {
              JettySolrRunner j = runners.get(Integer.parseInt(cmd[1]));
              cluster.startJettySolrRunner(j, true);
              System.out.println(REPLY + "ok started " + cmd[1] + " " + j.getBaseUrl());
            }
            case "exit" -> {
              return;
            }
            default -> System.out.println(REPLY + "error unknown command: " + line);
          }
        } catch (Exception e) {
          System.out.println(REPLY + "error " + e.toString().replace('\n', ' '));
        }
        System.out.flush();
      }
    } finally {
      cluster.shutdown();
      System.out.println(REPLY + "bye");
    }
  }
}

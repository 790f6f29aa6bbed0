import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.solr.client.solrj.embedded.SSLConfig;
import org.apache.solr.embedded.JettySolrRunner;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.cloud.ZkTestServer;

/**
 * A SolrCloud cluster for tests: N Solr nodes (each its own Jetty server, port and cores) and an
 * embedded ZooKeeper, on loopback; with {@code <security.json> <keystore>} after the first two
 * arguments, secured (authentication, authorization, TLS; passwords as javax.net.ssl system
 * properties). Run with Solr's class path (source-file mode); prints
 * {@code @@solr-cluster ready <zk> <node urls…>} once up, then obeys one command per line on stdin:
 * {@code stop i}, {@code start i} (the same port again), {@code zk-stop}, {@code zk-start} (the
 * ZooKeeper server, same port and data), {@code exit}. Every reply is one line.
 * Exits, tearing the cluster down, when stdin closes: a test JVM that dies takes it along.
 *
 * <p>Two more forms run one member of a cluster whose parts are separate processes (separate
 * hosts: {@code NamespaceCluster} starts each in a network namespace of its own):
 * {@code node <zkHost> <home> <port> [<address>]} one Solr node, and {@code zk <zoo.cfg>} one
 * ZooKeeper ensemble member. Each prints a ready line and ends when stdin closes.
 */
public class SolrClusterMain {
  /** Marks this program's replies among Solr's own log lines on stdout. */
  static final String REPLY = "@@solr-cluster ";

  public static void main(String[] args) throws Exception {
    if (args[0].equals("node")) {
      node(args[1], Path.of(args[2]), Integer.parseInt(args[3]), args.length > 4 ? args[4] : null);
      return;
    }
    if (args[0].equals("zk")) {
      zooKeeper(args[1]);
      return;
    }
    int nodes = Integer.parseInt(args[0]);
    Path base = Path.of(args[1]);
    Files.createDirectories(base);
    MiniSolrCloudCluster.Builder builder = new MiniSolrCloudCluster.Builder(nodes, base);
    if (args.length > 2) {
      // Secured: security.json (Basic authentication, rule-based authorization) and TLS with the
      // node keystore; the nodes trust each other through javax.net.ssl.trustStore.
      builder.withSecurityJson(Files.readString(Path.of(args[2])));
      SSLConfig ssl = new SSLConfig(true, false, args[3], System.getProperty("javax.net.ssl.keyStorePassword"),
          System.getProperty("javax.net.ssl.trustStore"), System.getProperty("javax.net.ssl.trustStorePassword"));
      builder.withJettyConfig(jetty -> jetty.withSSLConfig(ssl));
    }
    MiniSolrCloudCluster cluster = builder.build();
    List<JettySolrRunner> runners = List.copyOf(cluster.getJettySolrRunners());
    ZkTestServer zk = cluster.getZkServer();
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
            case "zk-stop" -> {
              zk.shutdown();
              System.out.println(REPLY + "ok zookeeper stopped");
            }
            case "zk-start" -> {
              // A new server on the same port and data: what a restarted ZooKeeper is to the nodes.
              zk = new ZkTestServer(zk.getZkDir(), zk.getPort());
              zk.run(false);
              System.out.println(REPLY + "ok zookeeper started " + zk.getZkAddress());
            }
            case "exit" -> {
              return;
            }
            default -> System.out.println(REPLY + "error unknown command: " + line);
          }
        } catch (Exception | AssertionError e) {
          System.out.println(REPLY + "error " + e.toString().replace('\n', ' '));
        }
        System.out.flush();
      }
    } finally {
      if (zk == cluster.getZkServer()) {
        cluster.shutdown();
      } else {
        // After zk-start the cluster's own ZooKeeper object is the stopped one (shutting it down
        // again waits a minute and fails): the nodes first, then the ZooKeeper that runs.
        for (JettySolrRunner j : runners) {
          if (j.isRunning()) {
            j.stop();
          }
        }
        zk.shutdown();
      }
      System.out.println(REPLY + "bye");
      System.out.flush();
      // Threads the cluster's own client started (left when its ZooKeeper was replaced) must not keep this process up.
      System.exit(0);
    }
  }

  /**
   * One more node in a process of its own, joining the cluster whose ZooKeeper is {@code zkHost}
   * (so a test can kill -9 it); cores under {@code home}, on {@code port} (0: any). With an
   * {@code address}, the node listens on it and names itself by it in the cluster, instead of
   * 127.0.0.1 (the only address Solr's test runner knows): a host of its own. Prints
   * {@code @@solr-cluster ready-node <url>}; ends when stdin closes.
   */
  static void node(String zkHost, Path home, int port, String address) throws Exception {
    Files.createDirectories(home);
    if (!Files.exists(home.resolve("solr.xml"))) {
      String xml = MiniSolrCloudCluster.DEFAULT_CLOUD_SOLR_XML;
      if (address != null) {
        String host = "<str name=\"host\">127.0.0.1</str>";
        if (!xml.contains(host)) {
          throw new IllegalStateException("Solr's test solr.xml names no 127.0.0.1 host to replace");
        }
        xml = xml.replace(host, "<str name=\"host\">" + address + "</str>");
      }
      Files.writeString(home.resolve("solr.xml"), xml);
    }
    java.util.Properties props = new java.util.Properties();
    props.setProperty("zkHost", zkHost);
    JettySolrRunner jetty = new JettySolrRunner(home.toString(), props,
        org.apache.solr.embedded.JettyConfig.builder().setContext("/solr").setPort(port).build());
    if (address != null) {
      // JettySolrRunner binds its connector to 127.0.0.1 and offers no setting for it.
      java.lang.reflect.Field field = JettySolrRunner.class.getDeclaredField("server");
      field.setAccessible(true);
      for (org.eclipse.jetty.server.Connector c : ((org.eclipse.jetty.server.Server) field.get(jetty)).getConnectors()) {
        ((org.eclipse.jetty.server.ServerConnector) c).setHost(address);
      }
    }
    try {
      jetty.start();
    } catch (Exception e) {
      // Jetty's threads would keep this process up, never ready: end it, so the test sees why.
      e.printStackTrace();
      System.exit(1);
    }
    System.out.println(REPLY + "ready-node " + jetty.getBaseUrl());
    System.out.flush();
    while (System.in.read() >= 0) {
      // until the test closes stdin
    }
    jetty.stop();
    System.exit(0);
  }

  /**
   * One member of a ZooKeeper ensemble, configured by {@code config} (a zoo.cfg with its
   * {@code server.N} lines; its dataDir holds the member's {@code myid}). Prints
   * {@code @@solr-cluster ready-zk} once the member runs (not yet in a quorum); ends when stdin
   * closes.
   */
  static void zooKeeper(String config) throws Exception {
    Thread member = new Thread(() -> {
      try {
        org.apache.zookeeper.server.quorum.QuorumPeerMain.main(new String[] {config});
      } catch (Exception e) {
        e.printStackTrace();
        System.exit(2);
      }
    }, "zookeeper-member");
    member.setDaemon(true);
    member.start();
    System.out.println(REPLY + "ready-zk");
    System.out.flush();
    while (System.in.read() >= 0) {
      // until the test closes stdin
    }
    System.exit(0);
  }
}

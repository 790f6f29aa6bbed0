package dev.mmsearch.index.solr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node that takes connections and never answers — what a node cut off the network, or a stuck
 * one, looks like to a client holding a connection to it — costs one request a try timeout, not
 * every other request: the client skips it for a while, tries it again later, and uses it like
 * any other node once it answers.
 */
class SolrHttpNodeAvoidanceTest {

  private static final RetryPolicy QUICK = new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(10),
      Duration.ofMillis(300));

  private HttpServer good;
  private ServerSocket silent;
  private final AtomicInteger goodRequests = new AtomicInteger();
  private final AtomicInteger silentConnections = new AtomicInteger();
  private final List<Socket> held = new ArrayList<>();
  private volatile boolean silentAnswers;

  @BeforeEach
  void start() throws IOException {
    good = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    good.createContext("/solr/select", x -> {
      goodRequests.incrementAndGet();
      byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    good.createContext("/api/cluster/nodes", x -> {
      byte[] body = ("{\"nodes\":[\"127.0.0.1:" + good.getAddress().getPort() + "_solr\"]}").getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    good.start();
    silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Thread accept = new Thread(() -> {
      while (!silent.isClosed()) {
        try {
          Socket s = silent.accept();
          silentConnections.incrementAndGet();
          if (silentAnswers) {
            answer(s);
          } else {
            synchronized (held) {
              held.add(s); // read nothing, answer nothing
            }
          }
        } catch (IOException e) {
          return;
        }
      }
    }, "silent-node");
    accept.setDaemon(true);
    accept.start();
  }

  private static void answer(Socket s) {
    Thread t = new Thread(() -> {
      try (s) {
        var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
          // request head
        }
        s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n"
            + "Connection: close\r\n\r\n{\"ok\":true}").getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        // client went away
      }
    });
    t.setDaemon(true);
    t.start();
  }

  @AfterEach
  void stop() throws IOException {
    good.stop(0);
    silent.close();
    synchronized (held) {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  private SolrHttp client(Duration avoidFirst) {
    URI silentNode = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/solr");
    URI goodNode = URI.create("http://127.0.0.1:" + good.getAddress().getPort() + "/solr");
    return new SolrHttp(List.of(silentNode, goodNode), Duration.ofSeconds(30), SolrSecurity.NONE, avoidFirst);
  }

  @Test
  void aNodeThatDoesNotAnswerCostsOneTimeoutNotEveryOtherRequest() {
    SolrHttp http = client(Duration.ofSeconds(30));
    long start = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      assertTrue(http.get("/select", QUICK).ok());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(1, silentConnections.get(), "tries on the silent node");
    assertEquals(20, goodRequests.get());
    // One try timeout (0.3 s) and 20 quick answers; without skipping, 10 timeouts: 3 s.
    assertTrue(seconds < 2.0, "20 requests took " + seconds + " s");
  }

  @Test
  void aSkippedNodeIsTriedAgainLaterAndUsedOnceItAnswers() throws InterruptedException {
    SolrHttp http = client(Duration.ofMillis(500));
    assertTrue(http.get("/select", QUICK).ok()); // may or may not start on the silent node
    assertTrue(http.get("/select", QUICK).ok());
    assertEquals(1, silentConnections.get(), "the silent node tried once, then skipped");
    silentAnswers = true;
    Thread.sleep(600); // past the skip
    int before = goodRequests.get();
    for (int i = 0; i < 10; i++) {
      assertTrue(http.get("/select", QUICK).ok());
    }
    // The node answers again: requests alternate between the two nodes.
    assertEquals(5, goodRequests.get() - before, "requests to the good node of 10");
    assertTrue(silentConnections.get() >= 2, "the node that answers again is used");
  }
}

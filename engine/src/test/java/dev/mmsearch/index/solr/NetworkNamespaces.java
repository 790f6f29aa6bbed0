package dev.mmsearch.index.solr;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Separate hosts on one machine: Linux network namespaces, each with its own interface, address,
 * loopback and ports, joined by veth pairs to one bridge in the test JVM's namespace, which has an
 * address of its own on it. A process started with {@link #command} in a namespace sees only that
 * network: two "hosts" talk over the bridge as machines on one LAN switch do, and a host whose
 * link is down ({@link #partition}) is cut off from all of them — packets to and from it are
 * dropped, nothing is refused — until {@link #heal}.
 *
 * <p>Needs {@code ip} (iproute2) and the privilege to create namespaces (root, or
 * {@code CAP_NET_ADMIN} and {@code CAP_SYS_ADMIN}); {@link #unavailableReason()} says why not
 * where that is missing, so tests can say so instead of passing silently. Namespace names carry
 * this JVM's process id ({@code mmns<pid>-<host>}), interface names (15 characters at most) the
 * subnet's number ({@code mmb<net>}, {@code mmv<net>h<n>}); a later run deletes what a killed one
 * left behind.
 *
 * <p>Not thread-safe; one instance per test JVM.
 */
final class NetworkNamespaces implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(NetworkNamespaces.class.getName());
  private static final String PREFIX = "mmns";

  private final long owner;
  private final int net;
  private final String bridge;
  private final String subnet;
  private final Map<String, Host> hosts = new LinkedHashMap<>();

  /**
   * A namespace: its name, the host end of its veth pair (the switch port), the end inside it, its
   * address and its interface's MAC address.
   */
  record Host(String name, String namespace, String port, String inside, String address, String mac) {}

  private NetworkNamespaces(long owner, int net) {
    this.owner = owner;
    this.net = net;
    this.bridge = "mmb" + net;
    this.subnet = "10.231." + net + ".";
  }

  /**
   * Why namespaces cannot be made here, or empty when they can: tries (once per JVM) to create
   * and delete one.
   * A missing {@code ip}, no privilege ("Operation not permitted"), or a kernel without
   * namespaces each give their own reason.
   */
  static synchronized Optional<String> unavailableReason() {
    if (unavailable == null) {
      unavailable = probe();
    }
    return unavailable;
  }

  private static Optional<String> unavailable;

  private static Optional<String> probe() {
    String probe = PREFIX + "probe" + ProcessHandle.current().pid();
    try {
      Result add = run(List.of("ip", "netns", "add", probe));
      if (add.code() != 0) {
        return Optional.of("'ip netns add' failed (" + add.output().strip() + "): creating network namespaces needs root or"
            + " CAP_NET_ADMIN + CAP_SYS_ADMIN");
      }
      run(List.of("ip", "netns", "delete", probe));
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("cannot run 'ip' (iproute2): " + e.getMessage());
    }
  }

  /**
   * Makes the bridge and its address for the test JVM: {@code 10.231.<net>.1/24}, {@code net}
   * the first number from this JVM's process id not in use by another run's bridge. Deletes
   * namespaces and bridges of earlier runs whose process is gone.
   */
  static NetworkNamespaces create() throws IOException {
    cleanUpDeadRuns();
    long pid = ProcessHandle.current().pid();
    int start = (int) (pid % 200) + 20;
    for (int i = 0; i < 200; i++) {
      int net = 20 + (start - 20 + i) % 200;
      if (run(List.of("ip", "link", "show", "mmb" + net)).code() == 0) {
        continue; // another run's bridge
      }
      NetworkNamespaces n = new NetworkNamespaces(pid, net);
      n.must("ip", "link", "add", n.bridge, "address", n.mac(1), "type", "bridge");
      Files.writeString(marker(net), Long.toString(pid));
      n.must("ip", "addr", "add", n.subnet + "1/24", "dev", n.bridge);
      n.must("ip", "link", "set", n.bridge, "up");
      return n;
    }
    throw new IOException("no free 10.231.x.0/24 subnet for the test bridge");
  }

  /** The test JVM's address on the bridge. */
  String localAddress() {
    return subnet + "1";
  }

  /**
   * A new namespace {@code name}, address {@code 10.231.<net>.<number>}, linked to the bridge;
   * its loopback up too (Java's own sockets need it).
   */
  Host add(String name, int number) throws IOException {
    String namespace = PREFIX + owner + "-" + name;
    String port = "mmv" + net + "h" + number;
    String inside = "mmv" + net + "n" + number;
    String address = subnet + number;
    String mac = mac(number);
    must("ip", "netns", "add", namespace);
    must("ip", "link", "add", port, "type", "veth", "peer", "name", inside, "address", mac);
    must("ip", "link", "set", inside, "netns", namespace);
    must("ip", "link", "set", port, "master", bridge);
    must("ip", "link", "set", port, "up");
    must("ip", "-n", namespace, "addr", "add", address + "/24", "dev", inside);
    must("ip", "-n", namespace, "link", "set", inside, "up");
    must("ip", "-n", namespace, "link", "set", "lo", "up");
    Host h = new Host(name, namespace, port, inside, address, mac);
    // Fixed neighbour entries, both ways, with every host and the test JVM: a partition drops
    // packets as a cut link does, and its end is immediate. With learned entries (ARP), a host
    // whose link is down is soon "No route to host" to its neighbours, and for a moment after
    // the link returns too, until they learn each other again.
    neighbour(h, localAddress(), mac(1));
    must("ip", "neigh", "replace", address, "lladdr", mac, "dev", bridge, "nud", "permanent");
    for (Host other : hosts.values()) {
      neighbour(h, other.address(), other.mac());
      neighbour(other, address, mac);
    }
    hosts.put(name, h);
    return h;
  }

  /** In {@code in}'s namespace, {@code address} is at {@code mac}, for good. */
  private void neighbour(Host in, String address, String mac) throws IOException {
    must("ip", "-n", in.namespace(), "neigh", "replace", address, "lladdr", mac, "dev", in.inside(), "nud", "permanent");
  }

  /** The MAC address of host {@code number}: locally administered, 02:00 then 10.231.net.number. */
  private String mac(int number) {
    return String.format("02:00:0a:e7:%02x:%02x", net, number);
  }

  /** {@code command} run inside {@code host}'s namespace. */
  static List<String> command(Host host, List<String> command) {
    List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace()));
    out.addAll(command);
    return out;
  }

  /** Cuts {@code host} off: its switch port down, so every packet to or from it is dropped. */
  void partition(Host host) throws IOException {
    must("ip", "link", "set", host.port(), "down");
  }

  /** Joins {@code host} to the network again. */
  void heal(Host host) throws IOException {
    must("ip", "link", "set", host.port(), "up");
  }

  /** Deletes the namespaces (their veth pairs go with them) and the bridge. */
  @Override
  public void close() {
    for (Host h : hosts.values()) {
      try {
        run(List.of("ip", "netns", "delete", h.namespace()));
      } catch (IOException e) {
        LOG.log(Level.WARNING, "could not delete network namespace " + h.namespace() + ": " + e.getMessage());
      }
    }
    hosts.clear();
    try {
      run(List.of("ip", "link", "delete", bridge));
      Files.deleteIfExists(marker(net));
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not delete bridge " + bridge + ": " + e.getMessage());
    }
  }

  /** Namespaces {@code mmns<pid>-…} and bridges whose run's process has ended. */
  private static void cleanUpDeadRuns() throws IOException {
    Result list = run(List.of("ip", "netns", "list"));
    for (String line : list.output().split("\n")) {
      String ns = line.split(" ")[0].strip();
      if (!ns.startsWith(PREFIX) || ns.startsWith(PREFIX + "probe") || ns.indexOf('-') < 0) {
        continue;
      }
      long pid;
      try {
        pid = Long.parseLong(ns.substring(PREFIX.length(), ns.indexOf('-')));
      } catch (NumberFormatException e) {
        continue; // not one of ours
      }
      if (ProcessHandle.of(pid).isEmpty()) {
        run(List.of("ip", "netns", "delete", ns));
      }
    }
    try (var markers = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      for (Path m : markers.filter(p -> p.getFileName().toString().startsWith("mmsearch-netns-")).toList()) {
        long pid = Long.parseLong(Files.readString(m).strip());
        if (ProcessHandle.of(pid).isEmpty()) {
          run(List.of("ip", "link", "delete", "mmb" + m.getFileName().toString().substring("mmsearch-netns-".length())));
          Files.deleteIfExists(m);
        }
      }
    }
  }

  /** Which run owns bridge {@code mmb<net>}: a file naming its process. */
  private static Path marker(int net) {
    return Path.of(System.getProperty("java.io.tmpdir"), "mmsearch-netns-" + net);
  }

  private void must(String... command) throws IOException {
    Result r = run(List.of(command));
    if (r.code() != 0) {
      throw new IOException(String.join(" ", command) + " failed (" + r.code() + "): " + r.output().strip());
    }
  }

  private record Result(int code, String output) {}

  private static Result run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish in 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
    return new Result(p.exitValue(), out);
  }
}

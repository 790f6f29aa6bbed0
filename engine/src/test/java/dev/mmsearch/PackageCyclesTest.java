package dev.mmsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No package of the engine depends on a package that depends back on it, directly or through
 * others: each package can be read, tested and replaced from the ones below it. Dependencies are
 * read from the sources — imports and fully qualified names in code, not in comments (the classes'
 * dependencies, as {@code jdeps -verbose:package} lists them) — so the rule needs no tool beyond
 * the JDK and also holds for code that is not compiled yet.
 */
class PackageCyclesTest {

  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
  /** A reference to an engine class by package: {@code dev.mmsearch.index.solr.SolrBackend}. */
  private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\n]*");
  private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.mmsearch(?:\\.[a-z][a-z0-9_]*)+)\\.[A-Z*]");

  @Test
  void enginePackagesHaveNoCycles() throws IOException {
    Map<String, Set<String>> uses = dependencies(SOURCES);
    assertTrue(uses.size() > 10, "read the engine's packages: " + uses.keySet());
    List<Set<String>> cycles = cycles(uses);
    assertEquals(List.of(), cycles, "packages that depend on each other: " + cycles);
  }

  @Test
  void aCycleIsFound() {
    Map<String, Set<String>> uses = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
    assertEquals(List.of(new TreeSet<>(Set.of("a", "b", "c"))), cycles(uses));
  }

  @Test
  void theStorageBackendsSitBelowTheirFactory() throws IOException {
    Map<String, Set<String>> uses = dependencies(SOURCES);
    assertTrue(uses.get("dev.mmsearch.index.backend").containsAll(Set.of("dev.mmsearch.index.lucene", "dev.mmsearch.index.solr")));
    for (String backend : List.of("dev.mmsearch.index.lucene", "dev.mmsearch.index.solr")) {
      assertTrue(uses.get(backend).stream().noneMatch(p -> p.startsWith("dev.mmsearch.index.") && !p.equals(backend)),
          backend + " knows only dev.mmsearch.index, not another backend: " + uses.get(backend));
    }
    assertTrue(uses.get("dev.mmsearch.index").stream().noneMatch(p -> p.startsWith("dev.mmsearch.index.")),
        "the storage contract knows no backend: " + uses.get("dev.mmsearch.index"));
  }

  /** Package to the other engine packages its sources name. */
  static Map<String, Set<String>> dependencies(Path root) throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
        String source = COMMENT.matcher(read(f)).replaceAll(" ");
        Matcher p = PACKAGE.matcher(source);
        if (!p.find()) {
          return;
        }
        String pkg = p.group(1);
        Set<String> used = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
        Matcher r = REFERENCE.matcher(source);
        while (r.find()) {
          if (!r.group(1).equals(pkg)) {
            used.add(r.group(1));
          }
        }
      });
    }
    return uses;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The strongly connected components of more than one package (Tarjan), each sorted. */
  static List<Set<String>> cycles(Map<String, Set<String>> uses) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> out = new ArrayList<>();
    for (String v : new TreeSet<>(uses.keySet())) {
      if (!index.containsKey(v)) {
        connect(v, uses, index, low, stack, onStack, out);
      }
    }
    return out;
  }

  private static void connect(String v, Map<String, Set<String>> uses, Map<String, Integer> index, Map<String, Integer> low,
      Deque<String> stack, Set<String> onStack, List<Set<String>> out) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.push(v);
    onStack.add(v);
    for (String w : uses.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        connect(w, uses, index, low, stack, onStack, out);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        out.add(component);
      }
    }
  }
}

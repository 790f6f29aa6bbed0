package dev.mmsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folder and manifest listing: lazy, and a bad folder or line costs only itself. */
class SourcesTest {

  @TempDir
  Path tmp;

  private static List<String> ids(Iterator<SourceItem> items) {
    List<String> ids = new ArrayList<>();
    items.forEachRemaining(i -> ids.add(i.id()));
    return ids;
  }

  private Path tree() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("root"));
    for (String dir : List.of("a", "b", "c")) {
      Files.createDirectories(root.resolve(dir));
      for (int i = 0; i < 2; i++) {
        Files.write(root.resolve(dir).resolve(i + ".png"), new byte[] {1});
      }
    }
    return root;
  }

  @Test
  void anUnreadableFolderIsOneErrorAndTheRestIsListed() throws Exception {
    Path root = tree();
    try (ErrorReport errors = new ErrorReport(null)) {
      DirectorySource.Lister failingB = dir -> {
        if (dir.getFileName().toString().equals("b")) {
          throw new AccessDeniedException(dir.toString());
        }
        return DirectorySource.Lister.FILES.list(dir);
      };
      assertEquals(List.of("a/0.png", "a/1.png", "c/0.png", "c/1.png"), ids(DirectorySource.items(root, errors, failingB)));
      assertEquals(1, errors.count());
      assertEquals("UNREADABLE_FOLDER", errors.errors().getFirst().reason());
      assertTrue(errors.errors().getFirst().source().endsWith("/b"));
    }
  }

  @Test
  void anUnreadableFolderOnDiskToo() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
        "root reads any folder; the failing lister above covers the same path");
    Path root = tree();
    Path b = root.resolve("b");
    Files.setPosixFilePermissions(b, java.util.Set.of());
    try (ErrorReport errors = new ErrorReport(null)) {
      assertEquals(List.of("a/0.png", "a/1.png", "c/0.png", "c/1.png"), ids(DirectorySource.items(root, errors)));
      assertEquals(1, errors.count());
    } finally {
      Files.setPosixFilePermissions(b, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void foldersAreListedLazilyInSortedOrder() throws Exception {
    Path root = tree();
    List<Path> listed = new ArrayList<>();
    try (ErrorReport errors = new ErrorReport(null)) {
      Iterator<SourceItem> it = DirectorySource.items(root, errors, dir -> {
        listed.add(dir);
        return DirectorySource.Lister.FILES.list(dir);
      });
      assertEquals("a/0.png", it.next().id());
      assertEquals(List.of(root, root.resolve("a")), listed, "b and c are not listed before they are reached");
      assertEquals(List.of("a/1.png", "b/0.png", "b/1.png", "c/0.png", "c/1.png"), ids(it));
    }
  }

  @Test
  void manifestLinesAreReadOneAtATimeAndAnOverlongLineIsSkipped() throws Exception {
    Path manifest = tmp.resolve("m.jsonl");
    String huge = "{\"id\": \"huge\", \"text\": \"" + "x".repeat(ManifestSource.MAX_LINE_CHARS) + "\"}";
    Files.writeString(manifest, String.join("\n", "{\"id\": \"one\", \"text\": \"first\"}", huge,
        "{\"id\": \"two\", \"text\": \"second\"}\r", "", "{\"id\": \"three\", \"text\": \"third\"}"));
    try (ErrorReport errors = new ErrorReport(null)) {
      assertEquals(List.of("one", "two", "three"), ids(ManifestSource.items(manifest, errors)));
      assertEquals(1, errors.count());
      assertEquals("line 2 is longer than 1048576 characters", errors.errors().getFirst().message());
    }
    assertEquals(4, ManifestSource.count(manifest));
  }

  @Test
  void idsGivenTwiceAcrossInputsAreReportedOnce() throws Exception {
    Path root = tree();
    Path manifest = tmp.resolve("m.jsonl");
    Files.writeString(manifest, "{\"id\": \"a/0.png\", \"text\": \"again\"}\n{\"id\": \"new\", \"text\": \"x\"}\n");
    try (ErrorReport errors = new ErrorReport(null)) {
      Inputs inputs = Inputs.of(List.of(root), List.of(manifest), errors);
      List<String> ids = ids(inputs);
      assertEquals(7, ids.size());
      assertEquals(7, inputs.listed());
      assertEquals("DUPLICATE_ID", errors.errors().getFirst().reason());
      assertTrue(inputs.seen().contains("new") && inputs.seen().contains("c/1.png") && !inputs.seen().contains("nope"));
    }
    assertEquals(8, Inputs.count(List.of(root), List.of(manifest)));
  }
}

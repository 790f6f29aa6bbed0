package dev.mmsearch.bench;

import dev.mmsearch.ingest.ErrorReport;
import dev.mmsearch.ingest.Inputs;
import dev.mmsearch.ingest.SourceItem;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap while a job lists a large manifest, as the indexer streams it (with its id set for
 * duplicates and deletions), against the same manifest held as a list of items, which is what
 * listing cost before it streamed. Heap is measured after a full GC at fixed fractions of the
 * manifest, so the growth per item shows whether memory stays flat.
 */
final class ListingBenchmark {

  private ListingBenchmark() {}

  static void run(Path work, int lines, PrintWriter out) throws IOException {
    Files.createDirectories(work);
    Path manifest = work.resolve("manifest.jsonl");
    try (BufferedWriter w = Files.newBufferedWriter(manifest, StandardCharsets.UTF_8)) {
      for (int i = 0; i < lines; i++) {
        w.write("{\"id\": \"item-" + i + "\", \"text\": \"a caption for item number " + i + "\", \"shop\": \"shop-" + (i % 97)
            + "\"}\n");
      }
    }
    out.printf("manifest: %d lines, %.1f MB%n", lines, Files.size(manifest) / 1e6);
    long base = heapAfterGc();
    long start = System.nanoTime();
    try (ErrorReport errors = new ErrorReport(null)) {
      Inputs items = Inputs.of(List.of(), List.of(manifest), errors);
      long n = 0;
      long next = lines / 4;
      out.println("streamed (what the indexer does): heap above baseline after GC");
      while (items.hasNext()) {
        items.next();
        if (++n == next || n == lines) {
          long used = heapAfterGc() - base;
          out.printf("  %8d items  %7.1f MB  %5.1f bytes/item%n", n, used / 1e6, (double) used / n);
          next += lines / 4;
        }
      }
      out.printf("  listed %d in %.1f s (%,.0f items/s), %d errors%n", items.listed(), (System.nanoTime() - start) / 1e9,
          items.listed() / ((System.nanoTime() - start) / 1e9), errors.count());
    }
    long held;
    try (ErrorReport errors = new ErrorReport(null)) {
      List<SourceItem> all = new ArrayList<>();
      Inputs items = Inputs.of(List.of(), List.of(manifest), errors);
      items.forEachRemaining(all::add);
      held = heapAfterGc() - base;
      out.printf("held as a list (listing before it streamed): %7.1f MB  %5.1f bytes/item%n", held / 1e6, (double) held / all.size());
    }
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}

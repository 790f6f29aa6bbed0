package dev.mmsearch.cli;

import dev.mmsearch.dup.DuplicateFinder;
import dev.mmsearch.dup.DuplicateGroups;
import dev.mmsearch.dup.DuplicateLevel;
import dev.mmsearch.dup.Thresholds;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mmsearch duplicates}: groups an embedded index's items at a level ({@link DuplicateFinder})
 * and writes the groups as JSONL and a summary into {@code <index>/duplicates/}, where the search
 * API reads them ({@code /api/duplicates}, an item's duplicates, {@code collapse}). Only reads the
 * index: it runs beside an indexer or a server. Run it again after indexing; the API says when the
 * groups are older than the index.
 */
@Command(name = "duplicates", mixinStandardHelpOptions = true,
    description = {"Find exact duplicates, near-duplicates (resized, recompressed, cropped,",
        "recoloured or watermarked copies; sounds re-encoded, resampled, louder) or",
        "similar pictures (another shot of the same scene) in an index, and write the",
        "groups (JSONL, one a line, with the member to keep and why) and a summary",
        "to INDEX/duplicates/, where the search API reads them."})
final class DuplicatesCommand implements Callable<Integer> {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--index", required = true, paramLabel = "DIR", description = "The index folder (embedded index).")
  Path index;

  @Option(names = "--level", required = true, paramLabel = "LEVEL",
      description = "exact (same decoded pixels or samples), near (the same picture or sound, edited or re-encoded) or similar "
          + "(near, plus pictures close in --similar-field).")
  String level;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to write <level>.jsonl and <level>.summary.json. Default: "
      + "INDEX/duplicates (where the search API looks).")
  Path out;

  @Option(names = "--picture-bits", paramLabel = "N", description = "Near: most differing bits of 128 between two pictures' "
      + "signatures. Default: the measured ${DEFAULT-VALUE}.")
  int pictureBits = Thresholds.DEFAULTS.pictureBits();

  @Option(names = "--sound-bits", paramLabel = "N", description = "Near: most differing bits of 256 between two sounds' prints. "
      + "Default: the measured ${DEFAULT-VALUE}.")
  int soundBits = Thresholds.DEFAULTS.soundBits();

  @Option(names = "--similar-field", paramLabel = "FIELD", description = "Similar: the picture field compared. Default: "
      + "${DEFAULT-VALUE}.")
  String similarField = Thresholds.DEFAULTS.similarField();

  @Option(names = "--similar-cosine", paramLabel = "X", description = "Similar: least cosine in --similar-field (measured for "
      + "the starter bundle's dino.image; other models need their own). Default: ${DEFAULT-VALUE}.")
  double similarCosine = Thresholds.DEFAULTS.similarCosine();

  @Option(names = "--pairs", paramLabel = "FILE", description = "Also write every neighbour pair the join looked at, with its "
      + "field and score, one tab-separated line each (for calibrating thresholds, bench/duplicates/score.py).")
  Path pairsFile;

  @Override
  public Integer call() throws Exception {
    PrintWriter printed = spec.commandLine().getOut();
    DuplicateLevel lvl;
    try {
      lvl = DuplicateLevel.fromString(level);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--level: " + e.getMessage());
    }
    if (!Files.isDirectory(index) || !hasCommit(index)) {
      throw new IllegalArgumentException("no index at " + index + " (a folder `mmsearch index` wrote)");
    }
    Thresholds thresholds = new Thresholds(pictureBits, soundBits, similarField, similarCosine);
    // Read as it stands: no catalog needed (the stored schema says which fields exist), no refresh during the run.
    try (LuceneItemIndex reader = LuceneItemIndex.openForReading(index, IndexSchema.EMPTY, Duration.ofDays(1))) {
      long t0 = System.nanoTime();
      DuplicateGroups groups;
      try (java.io.BufferedWriter pairs = pairsFile == null ? null : Files.newBufferedWriter(pairsFile)) {
        DuplicateFinder finder = new DuplicateFinder(reader, thresholds);
        if (pairs != null) {
          finder.listening((field, a, b, score) -> {
            try {
              pairs.write(field + "\t" + a + "\t" + b + "\t" + score + "\n");
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
        }
        groups = finder.find(lvl, done -> {});
      }
      Map<String, Object> summary = new LinkedHashMap<>(groups.summary());
      summary.put("seconds", (System.nanoTime() - t0) / 1e9);
      summary.put("peakHeapMiB", peakHeapMiB());
      groups = new DuplicateGroups(lvl, groups.groups(), summary);
      Path folder = out != null ? out : DuplicateGroups.folder(index);
      groups.write(folder);
      printed.printf("%s: %d groups holding %d of %d items (largest %s) in %.1f s, peak heap %d MiB; written to %s%n",
          lvl.id(), groups.groups().size(), groups.members(), summary.get("items"), summary.get("largestGroup"),
          summary.get("seconds"), summary.get("peakHeapMiB"), DuplicateGroups.file(folder, lvl));
    }
    return 0;
  }

  private static boolean hasCommit(Path folder) throws java.io.IOException {
    try (var files = Files.list(folder)) {
      return files.anyMatch(f -> f.getFileName().toString().startsWith("segments_"));
    }
  }

  /** The most heap the run used: the sum of the heap pools' peaks. */
  private static long peakHeapMiB() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak >> 20;
  }
}

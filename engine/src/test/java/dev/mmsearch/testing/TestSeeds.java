package dev.mmsearch.testing;

/**
 * Seeds for randomized tests: random per run, printed, and replayable with
 * {@code -Dtests.seed=N} (Lucene's convention). Every randomized test takes its seed from here and
 * puts it in its failure messages.
 */
public final class TestSeeds {

  private TestSeeds() {}

  /** The run's seed for {@code test}: {@code tests.seed} when set, else a fresh one. Printed either way. */
  public static long seed(String test) {
    String given = System.getProperty("tests.seed");
    long seed = given != null && !given.isBlank() ? Long.parseLong(given.trim()) : System.nanoTime() ^ 0x5DEECE66DL;
    System.out.println(test + ": seed " + seed + " (replay with -Dtests.seed=" + seed + ")");
    return seed;
  }
}

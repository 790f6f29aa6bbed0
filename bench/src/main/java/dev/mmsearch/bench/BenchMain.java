package dev.mmsearch.bench;

import picocli.CommandLine;

/**
 * Entry point of the benchmark jar ({@code mmsearch benchmark …} in the launcher): the benchmark
 * commands, plus {@code jmh} for the micro-benchmarks. Kept out of the production jar.
 */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new BenchmarkCommand());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("error: " + e.getMessage());
      if (!(e instanceof IllegalArgumentException)) {
        e.printStackTrace(cmd.getErr());
      }
      return 3;
    });
    System.exit(cl.execute(args));
  }
}

package dev.mmsearch.cli;

import dev.mmsearch.ingest.Progress;
import java.io.PrintWriter;
import java.time.Duration;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar with items/s, ETA and the error count on a terminal; plain lines every few
 * seconds when output goes to a file or pipe.
 */
final class TerminalProgress implements Progress {

  private final PrintWriter out;
  private ProgressBar bar;

  TerminalProgress(PrintWriter out) {
    this.out = out;
  }

  /** {@code Console.isTerminal()} exists from Java 22; before it, a console meant a terminal. */
  static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  @Override
  public synchronized void start(long total) {
    bar = bar("indexing", total, " items", 1, out);
  }

  /** A bar with speed and ETA on a terminal; plain lines to {@code out} every 5 s otherwise. */
  static ProgressBar bar(String task, long max, String unit, long unitSize, PrintWriter out) {
    ProgressBarBuilder b = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .setUnit(unit, unitSize)
        .showSpeed()
        .setStyle(ProgressBarStyle.ASCII);
    if (!isTerminal()) {
      b.setConsumer(new DelegatingProgressBarConsumer(line -> {
        out.println(line);
        out.flush();
      })).setUpdateIntervalMillis((int) Duration.ofSeconds(5).toMillis());
    }
    return b.build();
  }

  @Override
  public synchronized void step(int failed) {
    if (bar != null) {
      bar.step();
      bar.setExtraMessage(" " + failed + (failed == 1 ? " error" : " errors"));
    }
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}

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
  private final boolean terminal;
  private ProgressBar bar;

  TerminalProgress(PrintWriter out) {
    this.out = out;
    this.terminal = isTerminal();
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
    ProgressBarBuilder b = new ProgressBarBuilder()
        .setTaskName("indexing")
        .setInitialMax(total)
        .setUnit(" items", 1)
        .showSpeed()
        .setStyle(ProgressBarStyle.ASCII);
    if (!terminal) {
      b.setConsumer(new DelegatingProgressBarConsumer(line -> {
        out.println(line);
        out.flush();
      })).setUpdateIntervalMillis((int) Duration.ofSeconds(5).toMillis());
    }
    bar = b.build();
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

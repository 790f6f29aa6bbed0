package dev.mmsearch.api;

import dev.mmsearch.encode.ModelException;
import dev.mmsearch.index.IndexLockedException;
import dev.mmsearch.index.IndexSchemaException;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.QuarkusBindException;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.UncheckedIOException;

/**
 * The server's entry point ({@code mmsearch serve}): runs the application, and when it cannot
 * start, says why in one {@code error:} line with the exit codes of the other {@code mmsearch}
 * commands instead of Quarkus's stack trace (a catalog typo was 36 lines with the reason on a
 * {@code Caused by} line). {@code -Dmmsearch.verbose=true} ({@code mmsearch serve --verbose}) keeps
 * the trace; {@link StartupFailureFilter} keeps Quarkus from logging it meanwhile.
 */
@QuarkusMain
public final class ServerMain {

  /** Nothing was done: the catalog, a model, the index or the port is not usable. */
  static final int EXIT_FATAL = 3;
  /** A setting is wrong (a bad number in the configuration). */
  static final int EXIT_USAGE = 2;

  private ServerMain() {}

  public static void main(String... args) {
    Quarkus.run(Server.class, (code, failure) -> {
      if (failure != null) {
        System.err.println("error: " + describe(failure));
        if (Boolean.getBoolean(StartupFailureFilter.VERBOSE)) {
          failure.printStackTrace();
        }
        System.exit(isConfiguration(failure) ? EXIT_USAGE : EXIT_FATAL);
      }
      System.exit(code);
    }, args);
  }

  /** Waits for a stop signal. */
  public static final class Server implements QuarkusApplication {
    @Override
    public int run(String... args) {
      Quarkus.waitForExit();
      return 0;
    }
  }

  /** The reason worth a line: the first of mmsearch's own causes in the chain, else the deepest message. */
  static String describe(Throwable failure) {
    Throwable deepest = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof QuarkusBindException bind) {
        return "port " + bind.getPort() + " on " + bind.getHost() + " is in use (another mmsearch, or another program): "
            + "choose another with --port";
      }
      if (t instanceof IndexSchemaException || t instanceof ModelException || t instanceof IndexLockedException
          || t instanceof IllegalArgumentException || t instanceof UncheckedIOException) {
        return t.getMessage() + (t instanceof UncheckedIOException && t.getCause() != null ? ": " + t.getCause().getMessage() : "");
      }
      if (t.getMessage() != null) {
        deepest = t;
      }
    }
    return deepest.getMessage() + " (" + deepest.getClass().getSimpleName() + "; --verbose shows where)";
  }

  private static boolean isConfiguration(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String name = t.getClass().getName();
      if (name.equals("io.quarkus.runtime.configuration.ConfigurationException")
          || name.equals("io.smallrye.config.ConfigValidationException")) {
        return true;
      }
    }
    return false;
  }
}

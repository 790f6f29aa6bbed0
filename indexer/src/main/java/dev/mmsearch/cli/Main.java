package dev.mmsearch.cli;

import dev.mmsearch.encode.ModelException;
import dev.mmsearch.index.IndexLockedException;
import dev.mmsearch.index.IndexSchemaException;
import dev.mmsearch.ingest.IndexJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mmsearch} command line: a root with one subcommand per job. */
@Command(name = "mmsearch", mixinStandardHelpOptions = true, version = "mmsearch 0.1.0",
    description = "Multimodal retrieval: index collections, train adapters, evaluate.",
    subcommands = {IndexCommand.class, TrainAdapterCommand.class, FitProjectionCommand.class, TrainPredictorCommand.class, EvalCommand.class, ModelsCommand.class, OptimizeCommand.class, DuplicatesCommand.class})
public final class Main implements Runnable {

  /** Some inputs failed; the rest were indexed. */
  public static final int EXIT_PARTIAL = 1;
  /** Bad command line. */
  public static final int EXIT_USAGE = 2;
  /** Nothing was done: bad models or catalog, index locked or incompatible. */
  public static final int EXIT_FATAL = 3;
  /** The index failed during the job (I/O); it keeps its last commit and the next run resumes from there. */
  public static final int EXIT_INDEX_FAILED = 4;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_FATAL);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      boolean expected = e instanceof ModelException || e instanceof IndexLockedException
          || e instanceof IndexSchemaException || e instanceof IllegalArgumentException;
      cmd.getErr().println(cmd.getColorScheme().errorText("error: " + e.getMessage()));
      if (e instanceof IndexJob.IndexFailedException) {
        cmd.getErr().println("cause: " + e.getCause());
        return EXIT_INDEX_FAILED;
      }
      if (!expected) {
        e.printStackTrace(cmd.getErr());
      }
      return EXIT_FATAL;
    });
    return cl;
  }

  /**
   * Lucene announces at every start that its vector module is on: a line of noise in every
   * command's output (the launcher always enables it). Held here: loggers are kept only weakly.
   */
  private static final java.util.logging.Logger VECTORIZATION =
      java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization.PanamaVectorizationProvider");

  public static void main(String[] args) {
    VECTORIZATION.setLevel(java.util.logging.Level.WARNING);
    System.exit(commandLine().execute(args));
  }
}

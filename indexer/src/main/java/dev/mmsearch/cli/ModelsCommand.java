package dev.mmsearch.cli;

import dev.mmsearch.models.FetchException;
import dev.mmsearch.models.HubFetcher;
import dev.mmsearch.models.HubSettings;
import dev.mmsearch.models.KnownModel;
import dev.mmsearch.models.KnownModels;
import dev.mmsearch.models.ModelLock;
import dev.mmsearch.models.ModelSpec;
import dev.mmsearch.models.ModelsDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmsearch models}: the models a catalog can name by list name — {@code list} what is
 * installed and what can be fetched, {@code fetch} one from the hub ({@link HubFetcher}), and
 * {@code verify} installed folders against their lock files.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = {"Real models on demand: list, fetch and verify model folders in the models directory",
        "(--models-dir, else $" + ModelsDirectory.ENV + ", else ./models)."},
    subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Fetch.class, ModelsCommand.Verify.class})
final class ModelsCommand implements Runnable {

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The models-directory option every subcommand shares. */
  static final class Directory {
    @Option(names = "--models-dir", paramLabel = "DIR", description = "Models directory. Default: $" + ModelsDirectory.ENV
        + ", else ./models.")
    Path dir;

    Path resolve() {
      return ModelsDirectory.resolve(dir, System.getenv());
    }
  }

  private static String mb(long bytes) {
    return bytes < 0 ? "?" : String.format("%.1f MB", bytes / 1e6);
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Installed model folders, and the built-in list's models.")
  static final class ListModels implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    Directory directory;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      Path dir = directory.resolve();
      List<ModelsDirectory.Installed> installed = ModelsDirectory.list(dir);
      out.println("installed in " + dir.toAbsolutePath() + ":");
      if (installed.isEmpty()) {
        out.println("  (none)");
      }
      for (ModelsDirectory.Installed m : installed) {
        out.printf("  %-28s %-40s %10s  %s%n", m.name(), m.description(), mb(m.bytes()), m.origin());
      }
      Path bundle = dir.resolve("bundle").resolve("catalog.json");
      if (Files.isRegularFile(bundle)) {
        // The starter bundle ships with mmsearch (no lock file: it is part of the repository).
        List<String> spaces = new ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(bundle.toFile()).path("spaces").fieldNames()
            .forEachRemaining(spaces::add);
        out.println("starter bundle, offline, part of mmsearch (./mmsearch demo uses it):");
        out.printf("  %-28s catalog %s: spaces %s (quality: docs/quality.md)%n", "bundle", bundle.toAbsolutePath(),
            String.join(", ", spaces));
      }
      Set<String> have = installed.stream().map(ModelsDirectory.Installed::name).collect(Collectors.toSet());
      out.println("built-in list (mmsearch models fetch NAME [--variant quantized]):");
      for (KnownModel k : KnownModels.all()) {
        out.printf("  %-28s %-50s %s%n", k.name() + (have.contains(k.name()) ? " *" : ""), k.space(), k.licence());
        for (Map.Entry<String, Map<String, Long>> v : k.variants().entrySet()) {
          long bytes = v.getValue().values().stream().mapToLong(Long::longValue).sum();
          out.printf("  %-28s   %-9s %10s  %s@%s%n", "", v.getKey(), mb(bytes), k.repo(), k.revision().substring(0, 12));
        }
      }
      out.println("  (* installed)");
      return 0;
    }
  }

  @Command(name = "fetch", mixinStandardHelpOptions = true,
      description = {"Download a model of the built-in list from the Hugging Face hub ($HF_ENDPOINT), verify every file",
          "against the hub's SHA-256 and install it atomically with a lock file. Resumes interrupted downloads.",
          "Honours HTTPS_PROXY/NO_PROXY and HF_TOKEN (gated repositories)."})
  static final class Fetch implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    Directory directory;

    @Parameters(paramLabel = "NAME", description = "A model of the built-in list (mmsearch models list).")
    String name;

    @Option(names = "--revision", description = "Another revision (commit or branch) than the pinned one.")
    String revision;

    @Option(names = "--variant", defaultValue = KnownModel.DEFAULT, description = "default or quantized (smaller int8 graphs). "
        + "Default: ${DEFAULT-VALUE}.")
    String variant;

    @Option(names = "--endpoint", paramLabel = "URL", description = "The hub or a mirror of it. Default: $HF_ENDPOINT, else "
        + HubSettings.DEFAULT_ENDPOINT + ".")
    java.net.URI endpoint;

    @Option(names = "--print-files", description = "Print the files to download and where they go, then stop (for a machine "
        + "without a network).")
    boolean printFiles;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      KnownModel known = KnownModels.find(name).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
          "'" + name + "' is not in the built-in list (" + String.join(", ", KnownModels.names()) + ")"));
      ModelSpec wanted = known.spec(variant);
      if (revision != null) {
        wanted = wanted.atRevision(revision);
      }
      Path dir = directory.resolve();
      HubSettings env = HubSettings.fromEnvironment(System.getenv());
      HubSettings settings = endpoint == null ? env
          : new HubSettings(endpoint, env.token(), env.proxy(), env.connectTimeout(), env.attempts(), env.stallTimeout());
      if (printFiles) {
        printManual(out, known, wanted, dir, settings);
        return 0;
      }
      out.printf("fetching %s (%s@%s, %s, about %s) into %s%n", name, wanted.repo(), wanted.revision(), variant,
          mb(wanted.listedBytes()), dir.resolve(name).toAbsolutePath());
      try (DownloadProgress progress = new DownloadProgress(out)) {
        ModelLock lock = new HubFetcher(settings).fetch(wanted, dir, progress);
        out.printf("installed %s: %d files, %s, verified; lock: %s%n", name, lock.files().size(), mb(lock.bytes()),
            dir.resolve(name).resolve(ModelLock.FILE));
        out.printf("use it in a catalog: {\"spaces\": {\"%s\": {\"model\": \"%s\"}}}%n", known.family(), name);
        return 0;
      } catch (FetchException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        if (e.kind() == FetchException.Kind.OFFLINE) {
          printManual(spec.commandLine().getErr(), known, wanted, dir, settings);
        }
        return Main.EXIT_FATAL;
      }
    }

    private static void printManual(PrintWriter out, KnownModel known, ModelSpec wanted, Path dir, HubSettings settings) {
      Path target = dir.resolve(known.name()).toAbsolutePath();
      out.printf("to install %s by hand, download these files of %s at revision %s%n  (%s/%s/tree/%s)%n  into %s:%n",
          known.name(), wanted.repo(), wanted.revision(), settings.endpoint(), wanted.repo(), wanted.revision(), target);
      for (Map.Entry<String, Long> f : wanted.files().entrySet()) {
        out.printf("  %s/%s/resolve/%s/%s  ->  %s%n", settings.endpoint(), wanted.repo(), wanted.revision(), f.getKey(),
            target.resolve(f.getKey()));
      }
      wanted.manifest().ifPresent(m -> out.printf("  and write %s to %s%n", m, target.resolve("mmsearch-model.json")));
      out.println("  (a folder installed by hand has no lock file, so `mmsearch models verify` cannot check it)");
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Recheck fetched folders against their lock files (size and SHA-256 of every file); exit 1 when a file differs.")
  static final class Verify implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    Directory directory;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Folders to check (default: every folder with a lock file).")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      Path dir = directory.resolve();
      List<String> targets = new ArrayList<>(names);
      if (targets.isEmpty()) {
        for (ModelsDirectory.Installed m : ModelsDirectory.list(dir)) {
          if (m.lock().isPresent()) {
            targets.add(m.name());
          }
        }
      }
      int bad = 0;
      for (String n : targets) {
        Path folder = dir.resolve(n);
        if (!Files.isDirectory(folder)) {
          out.printf("%s: not installed in %s%n", n, dir.toAbsolutePath());
          bad++;
          continue;
        }
        try {
          List<ModelsDirectory.Problem> problems = ModelsDirectory.verify(folder);
          if (problems.isEmpty()) {
            out.printf("%s: ok%n", n);
          } else {
            bad++;
            for (ModelsDirectory.Problem p : problems) {
              out.printf("%s: %s: %s%n", n, p.path(), p.what());
            }
          }
        } catch (IOException e) {
          out.printf("%s: %s%n", n, e.getMessage());
          bad++;
        }
      }
      return bad == 0 ? 0 : Main.EXIT_PARTIAL;
    }
  }

  /** One progress bar per file, in MB, plain lines every few seconds when not on a terminal. */
  static final class DownloadProgress implements HubFetcher.Listener, AutoCloseable {
    private final PrintWriter out;
    private ProgressBar bar;

    DownloadProgress(PrintWriter out) {
      this.out = out;
    }

    @Override
    public synchronized void file(String path, long size) {
      close();
      bar = TerminalProgress.bar(path, Math.max(size, 0), " MB", 1_000_000, out);
    }

    @Override
    public synchronized void progress(String path, long done, long size) {
      if (bar != null) {
        bar.stepTo(done);
      }
    }

    @Override
    public synchronized void resumed(String path, long from, IOException cause) {
      if (bar != null) {
        bar.setExtraMessage(" resumed at " + mb(from) + (cause == null ? "" : " after: " + cause.getMessage()));
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
}

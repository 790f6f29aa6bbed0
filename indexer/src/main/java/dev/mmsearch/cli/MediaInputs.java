package dev.mmsearch.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where the learning and measuring commands ({@code train-adapter}, {@code fit-projection},
 * {@code eval}) read pictures or sounds from, and where they keep computed vectors between runs.
 */
final class MediaInputs {

  @Option(names = "--dir", description = "Folders of pictures or sounds, with .txt/.json captions where the command needs them (repeatable).")
  List<Path> dirs = new ArrayList<>();

  @Option(names = "--manifest", description = "JSONL manifests: image or audio path, and text where the command needs it (repeatable).")
  List<Path> manifests = new ArrayList<>();

  @Option(names = "--cache", paramLabel = "DIR",
      description = "Folder keeping computed vectors between runs of these commands (keyed by model, output and file content).")
  Path cache;

  /** Refuses a command line that names no folder and no manifest, saying what was expected ("pictures", "training data"). */
  void requireSome(picocli.CommandLine commandLine, String what) {
    if (dirs.isEmpty() && manifests.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(commandLine, "give " + what + " with --dir or --manifest");
    }
  }
}

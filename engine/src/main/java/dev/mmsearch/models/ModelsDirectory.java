package dev.mmsearch.models;

import dev.mmsearch.encode.ModelException;
import dev.mmsearch.encode.ModelFolder;
import dev.mmsearch.encode.Modality;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The folder models are fetched into and found in by name: {@code --models-dir}, else
 * {@value #ENV}, else {@code models} in the working directory. Each model is one subfolder in the
 * Hugging Face layout; {@code .fetch/} holds downloads in progress and is never a model.
 */
public final class ModelsDirectory {

  /** Environment variable naming the models directory. */
  public static final String ENV = "MMSEARCH_MODELS_DIR";

  private ModelsDirectory() {}

  /** The models directory: {@code explicit} when given, else {@value #ENV}, else {@code models}. */
  public static Path resolve(Path explicit, Map<String, String> env) {
    if (explicit != null) {
      return explicit;
    }
    String fromEnv = env.get(ENV);
    return fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : Path.of("models");
  }

  /**
   * An installed model folder.
   *
   * @param description family and towers as the loader sees them, or why it cannot load
   * @param lock where it came from, empty for a folder put there by hand
   */
  public record Installed(String name, Path folder, String description, long bytes, Optional<ModelLock> lock) {
    public String origin() {
      return lock.map(l -> l.repo() + "@" + l.revision().substring(0, Math.min(12, l.revision().length()))
          + (KnownModel.DEFAULT.equals(l.variant()) ? "" : " (" + l.variant() + ")")).orElse("local (no lock file)");
    }
  }

  /** Every model folder under {@code dir}, by name. */
  public static List<Installed> list(Path dir) throws IOException {
    List<Installed> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (var folders = Files.list(dir)) {
      for (Path f : folders.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
        if (!looksLikeModel(f)) {
          continue;
        }
        out.add(new Installed(f.getFileName().toString(), f, describe(f), size(f), ModelLock.read(f)));
      }
    }
    return out;
  }

  private static boolean looksLikeModel(Path f) {
    return Files.exists(f.resolve("config.json")) || Files.exists(f.resolve(ModelFolder.MANIFEST)) || Files.exists(f.resolve("modules.json"))
        || Files.exists(f.resolve(ModelLock.FILE));
  }

  private static String describe(Path f) {
    try {
      ModelFolder m = ModelFolder.open(f);
      return m.family().id() + ": " + m.modalities().stream().map(Modality::id).sorted().collect(Collectors.joining(", "))
          + dimension(f).map(d -> ", " + d + "-d").orElse("");
    } catch (ModelException | IllegalArgumentException e) {
      return "cannot load: " + e.getMessage();
    }
  }

  /**
   * The embedding width {@code config.json} declares, without loading the graphs: {@code projection_dim}
   * (CLIP, CLAP), else {@code hidden_size} at the top or in the vision config (DINOv2, SigLIP).
   */
  static Optional<Integer> dimension(Path folder) {
    Path config = folder.resolve("config.json");
    if (!Files.isRegularFile(config)) {
      return Optional.empty();
    }
    try {
      var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(config.toFile());
      for (var node : List.of(root.path("projection_dim"), root.path("hidden_size"), root.path("vision_config").path("hidden_size"))) {
        if (node.isInt()) {
          return Optional.of(node.asInt());
        }
      }
    } catch (IOException e) {
      // a folder whose config cannot be read says so when it is loaded
    }
    return Optional.empty();
  }

  private static long size(Path f) throws IOException {
    try (var files = Files.walk(f)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /** One file that does not match its lock. */
  public record Problem(String path, String what) {}

  /**
   * Rechecks every file of a fetched folder against its lock: present, same size, same SHA-256.
   *
   * @throws IOException when the folder has no lock file (installed by hand: nothing to check against)
   */
  public static List<Problem> verify(Path folder) throws IOException {
    ModelLock lock = ModelLock.read(folder).orElseThrow(() -> new IOException(folder + " has no " + ModelLock.FILE
        + " (installed by hand?): nothing to check against"));
    List<Problem> problems = new ArrayList<>();
    for (ModelLock.LockedFile f : lock.files()) {
      Path p = folder.resolve(f.path());
      if (!Files.isRegularFile(p)) {
        problems.add(new Problem(f.path(), "missing"));
      } else if (Files.size(p) != f.size()) {
        problems.add(new Problem(f.path(), Files.size(p) + " bytes, the lock says " + f.size()));
      } else {
        String sha = HubFetcher.sha256(p);
        if (!sha.equals(f.sha256())) {
          problems.add(new Problem(f.path(), "SHA-256 " + sha + ", the lock says " + f.sha256()));
        }
      }
    }
    return problems;
  }
}

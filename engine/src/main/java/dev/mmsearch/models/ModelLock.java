package dev.mmsearch.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code mmsearch-lock.json}: where a fetched folder came from (repository, revision, variant) and
 * the SHA-256 and size of every file, so {@code mmsearch models verify} can recheck it and a
 * reader knows exactly which weights an index was built with.
 */
public record ModelLock(String name, String repo, String revision, String variant, String fetched, List<LockedFile> files) {

  public static final String FILE = "mmsearch-lock.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One file as installed. */
  public record LockedFile(String path, long size, String sha256) {}

  public ModelLock {
    files = List.copyOf(files);
  }

  public void write(Path folder) throws IOException {
    JSON.writeValue(folder.resolve(FILE).toFile(), this);
  }

  /** The lock of a folder, or empty for a folder installed by hand. */
  public static Optional<ModelLock> read(Path folder) throws IOException {
    Path f = folder.resolve(FILE);
    return Files.isRegularFile(f) ? Optional.of(JSON.readValue(f.toFile(), ModelLock.class)) : Optional.empty();
  }

  public long bytes() {
    return files.stream().mapToLong(LockedFile::size).sum();
  }
}

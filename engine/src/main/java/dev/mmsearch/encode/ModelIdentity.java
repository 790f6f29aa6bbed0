package dev.mmsearch.encode;

import java.util.Objects;

/**
 * Which model produced a vector: a readable name and a content hash of every file that shapes the
 * output (graph, tokenizer, preprocessing). Two folders with the same files have the same identity,
 * wherever they live; the index refuses vectors from a different identity in an existing field.
 *
 * @param name the folder or manifest name, for messages
 * @param sha256 hex SHA-256 over the shaping files, in a fixed order
 */
public record ModelIdentity(String name, String sha256) {
  public ModelIdentity {
    Objects.requireNonNull(name, "name");
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, got: " + sha256);
    }
  }

  @Override
  public String toString() {
    return name + "@" + sha256.substring(0, 12);
  }
}

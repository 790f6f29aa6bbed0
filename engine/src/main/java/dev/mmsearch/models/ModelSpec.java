package dev.mmsearch.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to fetch: a repository at a revision, and the files of one variant (repository paths with
 * their listed sizes, or -1 when unknown). The folder it installs into is {@code name} under the
 * models directory, laid out as in the repository, so the model loaders read it unchanged.
 *
 * @param variant {@code default} or {@code quantized}; a quantized folder also gets an
 *     {@code mmsearch-model.json} naming the variant, so the loader picks the {@code _quantized} graphs
 * @param settings loader settings the repository's files do not carry (an {@code mmsearch-model.json}
 *     object, such as {@code {"text": {"padToMaxLength": true}}}), written into the installed folder's
 *     manifest; an empty object when the files say everything
 */
public record ModelSpec(String name, String repo, String revision, String variant, Map<String, Long> files,
    JsonNode settings) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A spec whose repository's files say everything the loader needs. */
  public ModelSpec(String name, String repo, String revision, String variant, Map<String, Long> files) {
    this(name, repo, revision, variant, files, JSON.createObjectNode());
  }

  public ModelSpec {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
      throw new IllegalArgumentException("a model name is 1-100 letters, digits, '.', '_' or '-', got: " + name);
    }
    if (repo == null || !repo.matches("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException("a repository is owner/name, got: " + repo);
    }
    Objects.requireNonNull(revision, "revision");
    if (revision.isBlank() || revision.contains("..") || revision.startsWith("/")) {
      throw new IllegalArgumentException("invalid revision: " + revision);
    }
    files = new LinkedHashMap<>(files);
    for (String path : files.keySet()) {
      if (path.isEmpty() || path.startsWith("/") || path.contains("..") || path.contains("\\")) {
        throw new IllegalArgumentException("invalid file path in " + repo + ": " + path);
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("nothing to fetch for " + name);
    }
    files = java.util.Collections.unmodifiableMap(files);
    if (settings == null || settings.isNull() || settings.isMissingNode()) {
      settings = JSON.createObjectNode();
    }
    if (!settings.isObject()) {
      throw new IllegalArgumentException("settings of " + name + " must be a JSON object, got: " + settings);
    }
    if (settings.has("variant")) {
      throw new IllegalArgumentException("settings of " + name + " name a variant; the variant is chosen at fetch time");
    }
    settings = settings.deepCopy();
  }

  /**
   * The {@code mmsearch-model.json} the installed folder needs: the variant when it is not the
   * default, then the settings; empty when neither is there (the folder loads as the hub serves it).
   */
  public Optional<String> manifest() {
    ObjectNode m = JSON.createObjectNode();
    if (!KnownModel.DEFAULT.equals(variant)) {
      m.put("variant", variant);
    }
    m.setAll((ObjectNode) settings.deepCopy());
    return m.isEmpty() ? Optional.empty() : Optional.of(m.toString());
  }

  /** This spec at another revision (a user's {@code --revision}). */
  public ModelSpec atRevision(String other) {
    return new ModelSpec(name, repo, other, variant, files, settings);
  }

  /** Total listed size, counting unknown sizes as 0. */
  public long listedBytes() {
    return files.values().stream().mapToLong(v -> Math.max(0, v)).sum();
  }
}

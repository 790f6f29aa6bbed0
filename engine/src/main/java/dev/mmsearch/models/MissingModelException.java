package dev.mmsearch.models;

import dev.mmsearch.encode.ModelException;

/**
 * A catalog names a model of the built-in list that is not installed: says where it looked and
 * the command that installs it, or where to copy the files by hand.
 */
public final class MissingModelException extends ModelException {

  private final String model;

  public MissingModelException(String space, KnownModel known, java.nio.file.Path modelsDir) {
    super("space '" + space + "': model '" + known.name() + "' is not installed in " + modelsDir.toAbsolutePath()
        + "; install it with: mmsearch models fetch " + known.name() + " --models-dir " + modelsDir.toAbsolutePath()
        + " (without a network, download the files that `mmsearch models fetch " + known.name() + " --print-files` lists from "
        + known.treeUrl(HubSettings.DEFAULT_ENDPOINT) + " into " + modelsDir.resolve(known.name()).toAbsolutePath() + ")");
    this.model = known.name();
  }

  /** The list name of the missing model. */
  public String model() {
    return model;
  }
}

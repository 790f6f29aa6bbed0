package dev.mmsearch.encode;

import java.nio.file.Path;

/** A model folder or catalog that cannot be loaded: a missing, unreadable or inconsistent file. */
public class ModelException extends RuntimeException {

  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }

  static ModelException inFile(Path file, String problem) {
    return new ModelException(file + ": " + problem);
  }

  static ModelException inFile(Path file, String problem, Throwable cause) {
    return new ModelException(file + ": " + problem, cause);
  }
}

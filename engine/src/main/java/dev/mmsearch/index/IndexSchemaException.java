package dev.mmsearch.index;

/**
 * An index and a catalog disagree about what a vector field holds (another model, dimension,
 * similarity or format). Mixing the two would return meaningless neighbours, so the index refuses.
 */
public final class IndexSchemaException extends RuntimeException {
  public IndexSchemaException(String message) {
    super(message);
  }
}

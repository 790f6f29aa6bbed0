package dev.mmsearch.ingest;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An iterator over elements worked out one at a time, as the listing of folders and manifests
 * needs: subclasses say how to get the next element, or that there is none.
 */
abstract class Lookahead<T> implements Iterator<T> {

  private T next;
  private boolean done;

  /** The next element, or null when there are no more. */
  protected abstract T computeNext();

  @Override
  public final boolean hasNext() {
    if (next == null && !done) {
      next = computeNext();
      done = next == null;
    }
    return next != null;
  }

  @Override
  public final T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    T n = next;
    next = null;
    return n;
  }
}

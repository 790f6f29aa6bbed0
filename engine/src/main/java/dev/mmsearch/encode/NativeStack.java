package dev.mmsearch.encode;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs a call into a native library on a thread with a large stack, and waits for it. Loading ONNX
 * Runtime's shared library runs its C++ static initialisers (operator schema registration, with
 * very large stack frames) on the calling thread, which overflows the 1 MiB a Java thread gets by
 * default once the caller is a few frames deep; an overflow in native code kills the process with
 * no Java error. Loading a model (building a session, parsing a tokenizer) goes through here too.
 * Loading is rare, so a thread per call costs nothing that matters. Public for the other packages
 * that open ONNX sessions of their own (the OCR reader's graphs from the classpath).
 */
public final class NativeStack {

  /** Native code written for 8 MiB main threads gets as much, with room to spare. */
  public static final long BYTES = 64L << 20;

  private NativeStack() {}

  /** The result of {@code call}, run on its own thread; its exceptions are rethrown here as they are. */
  public static <T, E extends Exception> T call(String name, Call<T, E> call) throws E {
    FutureTask<T> task = new FutureTask<>(call::run);
    Thread thread = new Thread(null, task, "mmsearch-native-" + name, BYTES);
    thread.setDaemon(true);
    thread.start();
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading " + name, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      @SuppressWarnings("unchecked")
      E checked = (E) cause;
      throw checked;
    }
  }

  /** A call that may throw one checked exception type. */
  @FunctionalInterface
  public interface Call<T, E extends Exception> extends Callable<T> {
    T run() throws E;

    @Override
    default T call() throws E {
      return run();
    }
  }
}

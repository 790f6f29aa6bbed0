package dev.mmsearch.testing;

import java.io.IOException;
import java.util.Collection;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;

/**
 * A {@link Directory} that fails: after a number of write, sync or rename operations drawn from a
 * seed, every such operation throws an {@link IOException}, as a full or failing disk does. The
 * idea of Lucene's {@code MockDirectoryWrapper}, reduced to what mmsearch's fault tests need: the
 * index must survive at its last commit and the next run must complete.
 */
public final class FaultyDirectory extends FilterDirectory {

  private final AtomicInteger operations = new AtomicInteger();
  private final int failAfter;
  private final AtomicReference<String> firstFault = new AtomicReference<>();

  /** Fails from a random operation in {@code [minOps, maxOps)}. */
  public FaultyDirectory(Directory in, long seed, int minOps, int maxOps) {
    this(in, minOps + new Random(seed).nextInt(Math.max(1, maxOps - minOps)));
  }

  /** Fails from operation {@code failAfter + 1}; {@link Integer#MAX_VALUE} never fails (to count operations). */
  public FaultyDirectory(Directory in, int failAfter) {
    super(in);
    this.failAfter = failAfter;
  }

  /** Write, sync and rename operations so far. */
  public int operations() {
    return operations.get();
  }

  /** What failed first, or null while nothing has. */
  public String firstFault() {
    return firstFault.get();
  }

  public int failAfter() {
    return failAfter;
  }

  private void maybeFail(String what) throws IOException {
    if (operations.incrementAndGet() > failAfter) {
      firstFault.compareAndSet(null, what + " (operation " + operations.get() + ")");
      throw new IOException("injected fault: " + what);
    }
  }

  @Override
  public IndexOutput createOutput(String name, IOContext context) throws IOException {
    maybeFail("createOutput " + name);
    IndexOutput out = in.createOutput(name, context);
    return new IndexOutput("faulty(" + out + ")", name) {
      private int writes;

      @Override
      public void close() throws IOException {
        out.close();
      }

      @Override
      public long getFilePointer() {
        return out.getFilePointer();
      }

      @Override
      public long getChecksum() throws IOException {
        return out.getChecksum();
      }

      @Override
      public void writeByte(byte b) throws IOException {
        if ((++writes & 0xFFFF) == 0) {
          maybeFail("write " + name);
        }
        out.writeByte(b);
      }

      @Override
      public void writeBytes(byte[] b, int offset, int length) throws IOException {
        maybeFail("write " + name);
        out.writeBytes(b, offset, length);
      }
    };
  }

  @Override
  public void sync(Collection<String> names) throws IOException {
    maybeFail("sync " + names);
    super.sync(names);
  }

  @Override
  public void syncMetaData() throws IOException {
    maybeFail("syncMetaData");
    super.syncMetaData();
  }

  @Override
  public void rename(String source, String dest) throws IOException {
    maybeFail("rename " + source + " -> " + dest);
    super.rename(source, dest);
  }
}

package dev.mmsearch.extract.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The encoded bytes of one video, read at any position: from memory or from a file. Each reader
 * keeps its own position, so one source can serve several demuxers in turn.
 */
interface Source extends AutoCloseable {

  long size();

  /** Reads up to {@code length} bytes at {@code position}; -1 at the end. */
  int read(long position, byte[] into, int offset, int length) throws IOException;

  @Override
  void close() throws IOException;

  static Source of(byte[] bytes) {
    return new Source() {
      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public int read(long position, byte[] into, int offset, int length) {
        if (position >= bytes.length) {
          return -1;
        }
        int n = (int) Math.min(length, bytes.length - position);
        System.arraycopy(bytes, (int) position, into, offset, n);
        return n;
      }

      @Override
      public void close() {}
    };
  }

  static Source open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    long size = channel.size();
    return new Source() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public int read(long position, byte[] into, int offset, int length) throws IOException {
        if (position >= size) {
          return -1;
        }
        return channel.read(ByteBuffer.wrap(into, offset, (int) Math.min(length, size - position)), position);
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }

  /** Up to {@code length} bytes from {@code position} (fewer at the end). */
  default byte[] bytes(long position, int length) throws IOException {
    byte[] b = new byte[(int) Math.max(0, Math.min(length, size() - position))];
    int done = 0;
    while (done < b.length) {
      int n = read(position + done, b, done, b.length - done);
      if (n < 0) {
        break;
      }
      done += n;
    }
    return done == b.length ? b : java.util.Arrays.copyOf(b, done);
  }
}

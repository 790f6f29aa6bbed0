package dev.mmsearch.extract;

import javax.imageio.IIOException;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * The encoded bytes as an {@code ImageInputStream} that gives up on a reader that keeps reading
 * past the end. TwelveMonkeys' WebP bit reader answers reads past the end of the data with bits
 * it makes up instead of failing, and a lossless picture naming prefix-code group 65,535 then has
 * it build 65,536 × 5 Huffman tables from nothing (37 GB allocated over 43 s for a 34-byte file).
 * A reader that stops at the end reads past it a few times at most; after
 * {@link #MAX_READS_PAST_END} the stream throws {@link ReadPastEnd}, which the bit reader does
 * not catch (it catches {@link java.io.EOFException}).
 *
 * <p>Reads straight from the array: no copy, no cache file. One per decode; not thread-safe.
 */
final class ImageBytes extends ImageInputStreamImpl {

  /** Reads at or past the end after which the stream throws. */
  static final int MAX_READS_PAST_END = 1024;

  private final byte[] bytes;
  private int readsPastEnd;

  ImageBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  @Override
  public int read() throws IIOException {
    bitOffset = 0;
    if (streamPos >= bytes.length) {
      return pastEnd();
    }
    return bytes[(int) streamPos++] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IIOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    bitOffset = 0;
    if (len == 0) {
      return 0;
    }
    if (streamPos >= bytes.length) {
      return pastEnd();
    }
    int n = (int) Math.min(len, bytes.length - streamPos);
    System.arraycopy(bytes, (int) streamPos, b, off, n);
    streamPos += n;
    return n;
  }

  @Override
  public long length() {
    return bytes.length;
  }

  private int pastEnd() throws ReadPastEnd {
    if (++readsPastEnd > MAX_READS_PAST_END) {
      throw new ReadPastEnd();
    }
    return -1;
  }

  /** A reader went on reading past the end of the data: the picture is cut short (or names more than it holds). */
  static final class ReadPastEnd extends IIOException {
    ReadPastEnd() {
      super("read past the end of the data " + MAX_READS_PAST_END + " times");
    }
  }
}

package dev.mmsearch.testing;

import java.io.ByteArrayOutputStream;

/**
 * Writes bit fields into bytes, in either order codecs use: least significant bit first (Vorbis,
 * WebP lossless) or most significant bit first (FLAC). Test generators build headers with it.
 */
public final class Bits {

  private final boolean msbFirst;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private int current;
  private int used;

  private Bits(boolean msbFirst) {
    this.msbFirst = msbFirst;
  }

  /** Vorbis and WebP lossless order: a field's lowest bit goes into a byte's lowest free bit. */
  public static Bits lsbFirst() {
    return new Bits(false);
  }

  /** FLAC order: a field's highest bit goes into a byte's highest free bit. */
  public static Bits msbFirst() {
    return new Bits(true);
  }

  /** Appends the low {@code count} (0–64) bits of {@code value}. */
  public Bits write(long value, int count) {
    if (count < 0 || count > 64) {
      throw new IllegalArgumentException("count must be 0..64, got: " + count);
    }
    for (int i = 0; i < count; i++) {
      int bit = (int) (msbFirst ? value >>> (count - 1 - i) : value >>> i) & 1;
      current |= msbFirst ? bit << (7 - used) : bit << used;
      if (++used == 8) {
        out.write(current);
        current = 0;
        used = 0;
      }
    }
    return this;
  }

  /** Appends whole bytes (after any partial byte's bits). */
  public Bits bytes(byte[] b) {
    for (byte x : b) {
      write(x & 0xFF, 8);
    }
    return this;
  }

  /** Bits written so far. */
  public long length() {
    return out.size() * 8L + used;
  }

  /** Pads with zero bits to a whole byte. */
  public Bits align() {
    if (used > 0) {
      write(0, 8 - used);
    }
    return this;
  }

  /** The bytes, the last one padded with zero bits. */
  public byte[] toByteArray() {
    align();
    return out.toByteArray();
  }
}

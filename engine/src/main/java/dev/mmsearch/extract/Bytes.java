package dev.mmsearch.extract;

/** Reading fixed fields of container headers straight from a file's bytes, bounds-checked. */
final class Bytes {

  private Bytes() {}

  /** Whether {@code magic} (ASCII) is at {@code at}; false where the bytes end before it. */
  static boolean starts(byte[] b, int at, String magic) {
    if (at < 0 || b.length < at + magic.length()) {
      return false;
    }
    for (int i = 0; i < magic.length(); i++) {
      if (b[at + i] != magic.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** An unsigned little-endian 32-bit field. */
  static long le32(byte[] b, int at) {
    return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
  }

  /** An unsigned big-endian 32-bit field. */
  static long be32(byte[] b, int at) {
    return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | (b[at + 3] & 0xFFL);
  }

  /** An unsigned big-endian 16-bit field. */
  static int be16(byte[] b, int at) {
    return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
  }
}

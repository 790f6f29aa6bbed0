package dev.mmsearch.extract;

import dev.mmsearch.extract.DecodeException.Reason;
import java.util.Locale;

/**
 * Checks the three Vorbis header packets against the Vorbis I specification, and against what
 * decoding them will cost, before JOrbis parses them: JOrbis allocates whatever a header declares
 * (a 16,777,215-entry codebook, a comment count, a vendor length, a residue partition table of
 * partitions^dimensions entries) without asking whether the packet holds it, so a 20 KB file can
 * ask for gigabytes.
 *
 * <p>The identification header is checked field by field; the setup header is walked in full
 * with libvorbis's own consistency checks (codebook lengths and value lists must fit in the
 * packet, {@code ilog(dimensions) + ilog(entries) <= 24}, residue partition tables no larger than
 * their codebook, floor posts within 63) plus two of mmsearch's: the memory JOrbis will build
 * from the codebooks stays under {@link #MAX_CODEBOOK_BYTES}, and residues end within the largest
 * block (JOrbis does not clamp them as libvorbis does, and sizes a shared buffer by them). The
 * comment header is not read at all: the encoders do not use tags, and {@link #EMPTY_COMMENT}
 * stands in for it.
 */
final class VorbisHeaders {

  /**
   * What JOrbis may allocate for a stream's codebooks (length lists, decode trees, value lists).
   * libvorbis's own setups need at most 0.9 MB (50 files from libvorbis 1.3.7: 8 to 96 kHz, 1, 2
   * and 6 channels, quality −1 to 10).
   */
  static final long MAX_CODEBOOK_BYTES = 16L << 20;

  /** A comment header with an empty vendor string and no comments: what JOrbis is given instead of the file's. */
  static final byte[] EMPTY_COMMENT = {3, 'v', 'o', 'r', 'b', 'i', 's', 0, 0, 0, 0, 0, 0, 0, 0, 1};

  private VorbisHeaders() {}

  /** What the identification header declares. */
  record Identification(int channels, long rate, int blocksize1) {}

  static Identification identification(byte[] b, int at, int length) throws DecodeException {
    BitReader r = new BitReader(b, at, length, "identification header");
    header(r, 1);
    if (r.read(32) != 0) {
      throw corrupt("identification header: unknown Vorbis version");
    }
    int channels = (int) r.read(8);
    long rate = r.read(32);
    r.read(32);
    r.read(32);
    r.read(32);
    int b0 = (int) r.read(4);
    int b1 = (int) r.read(4);
    if (r.read(1) != 1) {
      throw corrupt("identification header: no framing bit");
    }
    if (channels < 1 || !(rate >= 1000 && rate <= 384_000)) {
      throw corrupt("declares " + rate + " Hz and " + channels + " channels");
    }
    if (channels > AudioLimits.MAX_CHANNELS) {
      throw new DecodeException(Reason.UNSUPPORTED_FORMAT, OggVorbisDecoder.FORMAT + " with " + channels
          + " channels is not supported (at most " + AudioLimits.MAX_CHANNELS + ")");
    }
    if (b0 < 6 || b1 > 13 || b0 > b1) {
      throw corrupt("identification header: block sizes 2^" + b0 + " and 2^" + b1 + " (the format allows 2^6 to 2^13)");
    }
    return new Identification(channels, rate, 1 << b1);
  }

  /** Checks that a packet is a comment header, without reading what it declares. */
  static void comment(byte[] b, int at, int length) throws DecodeException {
    header(new BitReader(b, at, length, "comment header"), 3);
  }

  /**
   * Walks the setup header; throws if it is inconsistent or would cost more than the limits.
   * Returns the bytes JOrbis will allocate for its codebooks.
   */
  static long setup(byte[] b, int at, int length, Identification id) throws DecodeException {
    BitReader r = new BitReader(b, at, length, "setup header");
    header(r, 5);
    Codebook[] books = new Codebook[(int) r.read(8) + 1];
    long cost = 0;
    for (int i = 0; i < books.length; i++) {
      books[i] = codebook(r, i);
      cost += books[i].cost;
      if (cost > MAX_CODEBOOK_BYTES) {
        throw corrupt(String.format(Locale.ROOT, "setup header: its first %d codebooks need %,d bytes to decode, more than the "
            + "limit of %,d", i + 1, cost, MAX_CODEBOOK_BYTES));
      }
    }
    int times = (int) r.read(6) + 1;
    for (int i = 0; i < times; i++) {
      if (r.read(16) != 0) {
        throw corrupt("setup header: unknown time-domain transform");
      }
    }
    int floors = (int) r.read(6) + 1;
    for (int i = 0; i < floors; i++) {
      floor(r, (int) r.read(16), books.length);
    }
    int residues = (int) r.read(6) + 1;
    for (int i = 0; i < residues; i++) {
      residue(r, (int) r.read(16), books, id);
    }
    int mappings = (int) r.read(6) + 1;
    for (int i = 0; i < mappings; i++) {
      mapping(r, id.channels(), floors, residues);
    }
    int modes = (int) r.read(6) + 1;
    for (int i = 0; i < modes; i++) {
      r.read(1);
      if (r.read(16) != 0 || r.read(16) != 0 || r.read(8) >= mappings) {
        throw corrupt("setup header: mode " + i + " is invalid");
      }
    }
    if (r.read(1) != 1) {
      throw corrupt("setup header: no framing bit");
    }
    return cost;
  }

  private static void header(BitReader r, int type) throws DecodeException {
    int found = (int) r.read(8);
    for (char c : "vorbis".toCharArray()) {
      if (r.read(8) != c) {
        throw new DecodeException(Reason.UNSUPPORTED_FORMAT, "the Ogg stream is not Vorbis audio");
      }
    }
    if (found != type) {
      throw corrupt("expected header packet type " + type + ", found " + found);
    }
  }

  /** A codebook's shape and the bytes JOrbis allocates for it. */
  private record Codebook(int dimensions, int entries, long cost) {}

  private static Codebook codebook(BitReader r, int index) throws DecodeException {
    if (r.read(24) != 0x564342) {
      throw corrupt("setup header: codebook " + index + " has no sync pattern");
    }
    int dimensions = (int) r.read(16);
    int entries = (int) r.read(24);
    if (dimensions < 1 || entries < 1 || ilog(dimensions) + ilog(entries) > 24) {
      throw corrupt(String.format(Locale.ROOT, "setup header: codebook %d declares %,d entries of %,d dimensions", index,
          entries, dimensions));
    }
    if (r.read(1) == 0) { // lengths listed one by one
      boolean sparse = r.read(1) == 1;
      if ((long) entries * (sparse ? 1 : 5) > r.remaining()) {
        throw corrupt(String.format(Locale.ROOT, "setup header: codebook %d lists %,d code lengths in %,d bits", index, entries,
            r.remaining()));
      }
      for (int i = 0; i < entries; i++) {
        if (!sparse || r.read(1) == 1) {
          r.read(5);
        }
      }
    } else { // lengths as runs
      int length = (int) r.read(5) + 1;
      for (int i = 0; i < entries; length++) {
        if (length > 32) {
          throw corrupt("setup header: codebook " + index + " has code lengths over 32 bits");
        }
        i += (int) r.read(ilog(entries - i));
        if (i > entries) {
          throw corrupt("setup header: codebook " + index + " has more code lengths than entries");
        }
      }
    }
    int mapping = (int) r.read(4);
    long values = 0;
    if (mapping == 1 || mapping == 2) {
      r.read(32);
      r.read(32);
      int bits = (int) r.read(4) + 1;
      r.read(1);
      values = mapping == 1 ? lookup1Values(entries, dimensions, index) : (long) entries * dimensions;
      if (values * bits > r.remaining()) {
        throw corrupt(String.format(Locale.ROOT, "setup header: codebook %d lists %,d values in %,d bits", index, values,
            r.remaining()));
      }
      r.skip(values * bits);
    } else if (mapping != 0) {
      throw corrupt("setup header: codebook " + index + " has unknown lookup type " + mapping);
    }
    // JOrbis: lengths, two code lists, a decode tree of 2 × 2 × entries, its lookup table, and for
    // a value mapping the quantised values and one float per entry and dimension.
    long table = 8L << Math.max(5, ilog(entries) - 4);
    long cost = 28L * entries + table + (mapping == 0 ? 0 : 4 * values + 4L * entries * dimensions);
    return new Codebook(dimensions, entries, cost);
  }

  /**
   * The number of values a lattice (lookup type 1) codebook lists: the largest v with v^dimensions
   * at most entries. Computed as JOrbis computes it (an int guess, then steps), bounded, since
   * its int arithmetic can overflow and loop for long on extreme shapes.
   */
  private static long lookup1Values(int entries, int dimensions, int index) throws DecodeException {
    int vals = (int) Math.floor(Math.pow(entries, 1.0 / dimensions));
    for (int step = 0; step < 64; step++) {
      int acc = 1;
      int acc1 = 1;
      for (int i = 0; i < dimensions; i++) {
        acc *= vals;
        acc1 *= vals + 1;
      }
      if (acc <= entries && acc1 > entries) {
        if (vals < 1) {
          break;
        }
        return vals;
      }
      vals += acc > entries ? -1 : 1;
    }
    throw corrupt("setup header: codebook " + index + " has a lattice of " + entries + " entries in " + dimensions
        + " dimensions that cannot be sized");
  }

  private static void floor(BitReader r, int type, int books) throws DecodeException {
    if (type == 0) {
      int order = (int) r.read(8);
      int rate = (int) r.read(16);
      int barkmap = (int) r.read(16);
      r.read(6);
      r.read(8);
      int count = (int) r.read(4) + 1;
      if (order < 1 || rate < 1 || barkmap < 1) {
        throw corrupt("setup header: a type 0 floor is invalid");
      }
      for (int i = 0; i < count; i++) {
        book(r.read(8), books, "floor");
      }
    } else if (type == 1) {
      int partitions = (int) r.read(5);
      int[] classOf = new int[partitions];
      int classes = 0;
      for (int i = 0; i < partitions; i++) {
        classOf[i] = (int) r.read(4);
        classes = Math.max(classes, classOf[i] + 1);
      }
      int[] dims = new int[classes];
      for (int c = 0; c < classes; c++) {
        dims[c] = (int) r.read(3) + 1;
        int subs = (int) r.read(2);
        if (subs > 0) {
          book(r.read(8), books, "floor");
        }
        for (int k = 0; k < 1 << subs; k++) {
          long sub = r.read(8) - 1;
          if (sub >= 0) {
            book(sub, books, "floor");
          }
        }
      }
      r.read(2);
      int rangeBits = (int) r.read(4);
      int posts = 0;
      for (int i = 0; i < partitions; i++) {
        posts += dims[classOf[i]];
      }
      if (posts > 63) {
        throw corrupt("setup header: a floor has " + posts + " posts, more than 63");
      }
      boolean[] seen = new boolean[1 << 16];
      seen[0] = true;
      seen[1 << rangeBits] = true;
      for (int i = 0; i < posts; i++) {
        int x = (int) r.read(rangeBits);
        if (seen[x]) {
          throw corrupt("setup header: a floor repeats post " + x);
        }
        seen[x] = true;
      }
    } else {
      throw corrupt("setup header: unknown floor type " + type);
    }
  }

  private static void residue(BitReader r, int type, Codebook[] books, Identification id) throws DecodeException {
    if (type > 2) {
      throw corrupt("setup header: unknown residue type " + type);
    }
    long begin = r.read(24);
    long end = r.read(24);
    r.read(24);
    int partitions = (int) r.read(6) + 1;
    Codebook group = books[book(r.read(8), books.length, "residue")];
    int cascades = 0;
    for (int i = 0; i < partitions; i++) {
      long cascade = r.read(3);
      if (r.read(1) == 1) {
        cascade |= r.read(5) << 3;
      }
      cascades += Long.bitCount(cascade);
    }
    for (int i = 0; i < cascades; i++) {
      book(r.read(8), books.length, "residue");
    }
    // Type 2 codes the channels interleaved in one vector.
    long vector = (long) id.blocksize1() / 2 * (type == 2 ? id.channels() : 1);
    if (begin > end || end > vector) {
      throw corrupt("setup header: a residue spans " + begin + " to " + end + ", outside the " + vector + " values of a block");
    }
    long partitionValues = 1;
    for (int d = 0; d < group.dimensions(); d++) {
      partitionValues *= partitions;
      if (partitionValues > group.entries()) {
        throw corrupt("setup header: a residue's partition table (" + partitions + "^" + group.dimensions()
            + ") is larger than its codebook");
      }
    }
  }

  private static void mapping(BitReader r, int channels, int floors, int residues) throws DecodeException {
    if (r.read(16) != 0) {
      throw corrupt("setup header: unknown mapping type");
    }
    int submaps = r.read(1) == 1 ? (int) r.read(4) + 1 : 1;
    if (r.read(1) == 1) {
      int steps = (int) r.read(8) + 1;
      int bits = ilog(channels - 1);
      if (bits != 31 - Integer.numberOfLeadingZeros(channels)) {
        // JOrbis reads floor(log2(channels)) bits here where the specification says ilog(channels - 1).
        throw new DecodeException(Reason.UNSUPPORTED_FORMAT, OggVorbisDecoder.FORMAT + " with " + channels
            + " coupled channels is not supported by the decoder");
      }
      for (int i = 0; i < steps; i++) {
        long magnitude = r.read(bits);
        long angle = r.read(bits);
        if (magnitude == angle || magnitude >= channels || angle >= channels) {
          throw corrupt("setup header: a channel coupling is invalid");
        }
      }
    }
    if (r.read(2) != 0) {
      throw corrupt("setup header: a mapping's reserved bits are set");
    }
    if (submaps > 1) {
      for (int c = 0; c < channels; c++) {
        if (r.read(4) >= submaps) {
          throw corrupt("setup header: a channel maps to a missing submap");
        }
      }
    }
    for (int i = 0; i < submaps; i++) {
      r.read(8);
      if (r.read(8) >= floors || r.read(8) >= residues) {
        throw corrupt("setup header: a submap names a missing floor or residue");
      }
    }
  }

  private static int book(long index, int books, String user) throws DecodeException {
    if (index >= books) {
      throw corrupt("setup header: a " + user + " names codebook " + index + " of " + books);
    }
    return (int) index;
  }

  /** The bits needed to write v (0 for 0), as the specification's ilog. */
  static int ilog(long v) {
    return 64 - Long.numberOfLeadingZeros(v);
  }

  private static DecodeException corrupt(String detail) {
    return new DecodeException(Reason.CORRUPT, OggVorbisDecoder.FORMAT + " data is corrupt: " + detail);
  }

  /** Reads a packet's bits least significant first, as Vorbis packs them; reading past its end is an error, not -1. */
  private static final class BitReader {
    private final byte[] b;
    private final long end;
    private final String part;
    private long bit;

    BitReader(byte[] b, int at, int length, String part) {
      this.b = b;
      this.bit = at * 8L;
      this.end = (at + (long) length) * 8;
      this.part = part;
    }

    long read(int count) throws DecodeException {
      if (count > remaining()) {
        throw corrupt(part + " ends early");
      }
      long v = 0;
      for (int i = 0; i < count; i++, bit++) {
        v |= (long) ((b[(int) (bit >>> 3)] >>> (bit & 7)) & 1) << i;
      }
      return v;
    }

    void skip(long count) throws DecodeException {
      if (count > remaining()) {
        throw corrupt(part + " ends early");
      }
      bit += count;
    }

    long remaining() {
      return end - bit;
    }
  }
}

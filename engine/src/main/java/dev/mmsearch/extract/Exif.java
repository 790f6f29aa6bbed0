package dev.mmsearch.extract;

import com.drew.imaging.tiff.TiffProcessingException;
import com.drew.imaging.tiff.TiffReader;
import com.drew.lang.ByteArrayReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifTiffHandler;
import java.io.IOException;
import java.util.Arrays;

/**
 * A picture's EXIF, read without reading anything else of the file: its EXIF block (a JPEG's
 * APP1, a PNG's {@code eXIf}, a WebP's {@code EXIF} chunk) is found by walking the container's
 * segment or chunk lengths, and only that block goes to metadata-extractor. Reading the whole
 * file with metadata-extractor also read its ICC profile (2 GB allocated for a 16 MB one) and
 * inflated its text chunks (370 MB for one 100 MB zTXt).
 *
 * <p>Within the block only IFD0 and the two directories it points to that mmsearch reads (EXIF
 * and GPS) are visited, one level deep: metadata-extractor otherwise follows every SubIFD,
 * thumbnail and maker-note pointer recursively, and a 64 KB chain of 3,600 nested SubIFDs
 * overflowed a server thread's stack. Before that, the visited directories' entries are summed:
 * values may point anywhere in the block, so a few thousand entries could each claim the same
 * 60 KB; the block is skipped when they claim more than it holds, or when it is over
 * {@link #MAX_BYTES}. EXIF is optional: a block that cannot be read is no EXIF, never an error.
 */
public final class Exif {

  /** Largest EXIF block read (a JPEG's is at most 64 KB; PNG and WebP do not limit theirs). */
  public static final int MAX_BYTES = 1 << 20;

  private static final int IFD0_EXIF = ExifIFD0Directory.TAG_EXIF_SUB_IFD_OFFSET;
  private static final int IFD0_GPS = ExifIFD0Directory.TAG_GPS_INFO_OFFSET;

  private Exif() {}

  /** The EXIF directories (IFD0, EXIF, GPS) of an encoded picture; empty when it has none or they cannot be read. */
  public static Metadata read(byte[] image) {
    Metadata metadata = new Metadata();
    byte[] tiff = block(image);
    if (tiff == null || !Structure.fits(tiff)) {
      return metadata;
    }
    try {
      new TiffReader().processTiff(new ByteArrayReader(tiff), new ShallowHandler(metadata), 0);
    } catch (TiffProcessingException | IOException | RuntimeException | StackOverflowError e) {
      return new Metadata(); // what was read may be partial; EXIF is optional
    }
    return metadata;
  }

  /** The TIFF bytes of a picture's EXIF block, or null without one (or one over {@link #MAX_BYTES}). */
  static byte[] block(byte[] b) {
    int[] at = null;
    if (b.length >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
      at = JpegSegments.exif(b);
    } else if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && Bytes.starts(b, 1, "PNG")) {
      at = pngExif(b);
    } else if (b.length >= 12 && Bytes.starts(b, 0, "RIFF") && Bytes.starts(b, 8, "WEBP")) {
      at = WebpChunks.exif(b);
    }
    if (at == null || at[1] < 8 || at[1] > MAX_BYTES) {
      return null;
    }
    return Arrays.copyOfRange(b, at[0], at[0] + at[1]);
  }

  /** Where a PNG's eXIf chunk lies, as {offset, length}; null without one. Chunks are skipped by their lengths, never inflated. */
  private static int[] pngExif(byte[] b) {
    long at = 8;
    while (at + 12 <= b.length) {
      long length = Bytes.be32(b, (int) at);
      if (at + 12 + length > b.length) {
        return null;
      }
      if (Bytes.starts(b, (int) at + 4, "eXIf")) {
        return new int[] {(int) at + 8, (int) length};
      }
      if (Bytes.starts(b, (int) at + 4, "IEND")) {
        return null;
      }
      at += 12 + length;
    }
    return null;
  }

  /**
   * metadata-extractor's own EXIF handler, held to IFD0 and the EXIF and GPS directories IFD0
   * points to, each entered once: no SubIFD chains, no thumbnail or following directories, no
   * maker notes or embedded IPTC, XMP, ICC or Photoshop blocks.
   */
  private static final class ShallowHandler extends ExifTiffHandler {
    private boolean enteredExif;
    private boolean enteredGps;

    ShallowHandler(Metadata metadata) {
      super(metadata, null, 0);
    }

    @Override
    public boolean tryEnterSubIfd(int tagId) {
      if (!(_currentDirectory instanceof ExifIFD0Directory)) {
        return false;
      }
      if (tagId == IFD0_EXIF && !enteredExif) {
        enteredExif = true;
        return super.tryEnterSubIfd(tagId);
      }
      if (tagId == IFD0_GPS && !enteredGps) {
        enteredGps = true;
        return super.tryEnterSubIfd(tagId);
      }
      return false;
    }

    @Override
    public boolean hasFollowerIfd() {
      return false;
    }

    @Override
    public boolean customProcessTag(int tagOffset, java.util.Set<Integer> processedIfdOffsets, int tiffHeaderOffset,
        com.drew.lang.RandomAccessReader reader, int tagId, int byteCount) {
      return false;
    }
  }

  /**
   * The part of the TIFF structure {@link ShallowHandler} visits, walked as metadata-extractor
   * walks it: whether the bytes the entries' values claim (those stored outside their entry)
   * add up to no more than the block.
   */
  static final class Structure {
    /** Bytes per component of each TIFF field type (1–13; 13 is an IFD offset); 0 for unknown types, which are skipped. */
    private static final int[] SIZES = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4};

    private final byte[] b;
    private final boolean big;
    private long claimed;

    private Structure(byte[] b, boolean big) {
      this.b = b;
      this.big = big;
    }

    static boolean fits(byte[] b) {
      boolean big;
      if (b[0] == 'M' && b[1] == 'M') {
        big = true;
      } else if (b[0] == 'I' && b[1] == 'I') {
        big = false;
      } else {
        return false;
      }
      Structure s = new Structure(b, big);
      long ifd0 = s.u32(4);
      long[] pointers = s.directory(ifd0 >= b.length - 1 ? 8 : ifd0, true);
      if (pointers == null) {
        return false;
      }
      for (long p : pointers) {
        if (p >= 0 && s.directory(p, false) == null) {
          return false;
        }
      }
      return s.claimed <= b.length;
    }

    /**
     * Adds up one directory's claimed bytes; for IFD0, returns where its EXIF and GPS pointers
     * lead (-1 for none). Null when the directory is not one metadata-extractor would read whole
     * (it flips the byte order of directories with over 255 entries and a zero low byte).
     */
    private long[] directory(long at, boolean first) {
      long[] pointers = {-1, -1};
      if (at < 0 || at + 2 > b.length) {
        return pointers; // metadata-extractor ignores it
      }
      int count = u16((int) at);
      if (count > 0xFF && (count & 0xFF) == 0) {
        return null;
      }
      if (at + 2 + 12L * count + 4 > b.length) {
        return pointers; // "illegally sized": skipped whole
      }
      for (int i = 0; i < count; i++) {
        int entry = (int) at + 2 + 12 * i;
        int tag = u16(entry);
        int size = u16(entry + 2) < SIZES.length ? SIZES[u16(entry + 2)] : 0;
        long bytes = u32(entry + 4) * size;
        long value = entry + 8;
        if (bytes > 4) {
          value = u32(entry + 8);
          if (value + bytes > b.length) {
            continue; // a bogus offset or count: metadata-extractor skips the entry
          }
          claimed += bytes;
        }
        int which = tag == IFD0_EXIF ? 0 : tag == IFD0_GPS ? 1 : -1;
        if (first && which >= 0 && size == 4 && bytes > 0 && pointers[which] < 0) {
          pointers[which] = u32((int) value); // the first offset of the first such entry: the handler enters one
        }
      }
      return pointers;
    }

    private int u16(int at) {
      return big ? Bytes.be16(b, at) : (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private long u32(int at) {
      return big ? Bytes.be32(b, at) : Bytes.le32(b, at);
    }
  }
}

package dev.mmsearch.extract.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The top-level boxes of an ISO media file (MP4, MOV), walked by their declared sizes: to tell a cut file from a broken one. */
final class IsoBoxes {

  /** Boxes walked at most; real files have a handful at the top level. */
  private static final int MAX_BOXES = 10_000;

  private final List<String> types;
  private final boolean cut;

  private IsoBoxes(List<String> types, boolean cut) {
    this.types = types;
    this.cut = cut;
  }

  static IsoBoxes walk(Source source) throws IOException {
    List<String> types = new ArrayList<>();
    long size = source.size();
    long pos = 0;
    boolean cut = false;
    while (pos < size && types.size() < MAX_BOXES) {
      byte[] h = source.bytes(pos, 16);
      if (h.length < 8) {
        cut = true;
        break;
      }
      ByteBuffer b = ByteBuffer.wrap(h);
      long length = b.getInt(0) & 0xFFFFFFFFL;
      types.add(new String(h, 4, 4, StandardCharsets.ISO_8859_1));
      if (length == 1) {
        if (h.length < 16) {
          cut = true;
          break;
        }
        length = b.getLong(8);
      } else if (length == 0) {
        length = size - pos;
      }
      if (length < 8) {
        break;
      }
      if (pos + length > size) {
        cut = true;
        break;
      }
      pos += length;
    }
    return new IsoBoxes(types, cut);
  }

  boolean has(String type) {
    return types.contains(type);
  }

  /** Whether the last box declares more bytes than the file has left. */
  boolean cut() {
    return cut;
  }

  String last() {
    return types.isEmpty() ? "" : types.get(types.size() - 1);
  }
}

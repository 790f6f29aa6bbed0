package dev.mmsearch.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and writes the Ogg container (RFC 3533) of a single logical stream, with valid page CRCs,
 * so tests can build Vorbis headers from scratch or swap a header packet of a real file.
 */
public final class Ogg {

  private static final int[] CRC = crcTable();

  private Ogg() {}

  /**
   * The header packets on pages of their own (the first flagged as the stream's beginning), then
   * {@code audioPages} renumbered after them with their CRCs recomputed; the last page ends the
   * stream. A packet longer than a page (255 × 255 bytes) continues over as many as it needs.
   */
  public static byte[] stream(int serial, List<byte[]> headers, List<byte[]> audioPages) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int seq = 0;
    List<byte[]> pages = new ArrayList<>();
    for (int i = 0; i < headers.size(); i++) {
      pages.addAll(paginate(serial, headers.get(i), i == 0, 0));
    }
    for (byte[] page : audioPages) {
      pages.add(page.clone());
    }
    for (int i = 0; i < pages.size(); i++) {
      byte[] page = pages.get(i);
      ByteBuffer b = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
      b.putInt(14, serial).putInt(18, seq++);
      page[5] = (byte) (i == pages.size() - 1 ? page[5] | 0x04 : page[5] & ~0x04);
      seal(page);
      out.writeBytes(page);
    }
    return out.toByteArray();
  }

  /** One packet laid out on as many pages as it needs (the granule position goes on its last page). */
  private static List<byte[]> paginate(int serial, byte[] packet, boolean first, long granule) {
    List<byte[]> pages = new ArrayList<>();
    int at = 0;
    boolean continued = false;
    do {
      int take = Math.min(packet.length - at, 255 * 255);
      boolean ends = at + take == packet.length && !(take == 255 * 255);
      int laces = ends ? take / 255 + 1 : 255;
      ByteBuffer page = ByteBuffer.allocate(27 + laces + take).order(ByteOrder.LITTLE_ENDIAN);
      page.put("OggS".getBytes()).put((byte) 0);
      page.put((byte) ((continued ? 0x01 : 0) | (first && pages.isEmpty() ? 0x02 : 0)));
      page.putLong(ends ? granule : -1).putInt(serial).putInt(0).putInt(0).put((byte) laces);
      for (int i = 0; i < laces; i++) {
        page.put((byte) (i < laces - 1 || !ends ? 255 : take % 255));
      }
      page.put(packet, at, take);
      pages.add(page.array());
      at += take;
      continued = true;
      if (ends) {
        break;
      }
    } while (true);
    return pages;
  }

  /** The pages of an Ogg stream, as they are. */
  public static List<byte[]> pages(byte[] ogg) {
    List<byte[]> pages = new ArrayList<>();
    int at = 0;
    while (at < ogg.length) {
      int laces = ogg[at + 26] & 0xFF;
      int body = 0;
      for (int i = 0; i < laces; i++) {
        body += ogg[at + 27 + i] & 0xFF;
      }
      int end = at + 27 + laces + body;
      pages.add(Arrays.copyOfRange(ogg, at, end));
      at = end;
    }
    return pages;
  }

  /** The first {@code count} packets of an Ogg stream and the index of the page after the one the last ends on. */
  public record Packets(List<byte[]> packets, int nextPage) {}

  public static Packets firstPackets(byte[] ogg, int count) {
    List<byte[]> pages = pages(ogg);
    List<byte[]> packets = new ArrayList<>();
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    for (int p = 0; p < pages.size(); p++) {
      byte[] page = pages.get(p);
      int laces = page[26] & 0xFF;
      int at = 27 + laces;
      for (int i = 0; i < laces; i++) {
        int n = page[27 + i] & 0xFF;
        packet.write(page, at, n);
        at += n;
        if (n < 255) {
          packets.add(packet.toByteArray());
          packet.reset();
          if (packets.size() == count) {
            return new Packets(packets, p + 1);
          }
        }
      }
    }
    throw new IllegalArgumentException("the stream holds fewer than " + count + " packets");
  }

  /** Writes the page's CRC (over the page with its CRC field zeroed). */
  private static void seal(byte[] page) {
    Arrays.fill(page, 22, 26, (byte) 0);
    int crc = 0;
    for (byte b : page) {
      crc = (crc << 8) ^ CRC[((crc >>> 24) ^ b) & 0xFF];
    }
    ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN).putInt(22, crc);
  }

  private static int[] crcTable() {
    int[] table = new int[256];
    for (int i = 0; i < 256; i++) {
      int r = i << 24;
      for (int j = 0; j < 8; j++) {
        r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
      }
      table[i] = r;
    }
    return table;
  }
}

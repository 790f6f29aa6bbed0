package dev.mmsearch.extract.video;

import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXTERNAL;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg reads every video through an AVIOContext whose callbacks read a {@link Source}: FFmpeg
 * itself never opens a file or a URL. JavaCPP allows only a few native callback thunks per class,
 * so there is one read and one seek callback for the process, stateless; each open input is
 * found in a map by the address of a small native block allocated for it (the callbacks' opaque
 * pointer), and has its own position and buffer. Nothing is shared between two inputs.
 */
final class NativeIo {

  /** FFmpeg's I/O buffer per input. */
  private static final int BUFFER = 64 * 1024;

  /** {@code AVSEEK_SIZE}: asks for the size instead of seeking. */
  private static final int AVSEEK_SIZE = 0x10000;

  /** {@code AVSEEK_FORCE}, or-ed into whence. */
  private static final int AVSEEK_FORCE = 0x20000;

  private static final Map<Long, Reader> OPEN = new ConcurrentHashMap<>();

  private static final ReadCallback READ = new ReadCallback().retainReference();
  private static final SeekCallback SEEK = new SeekCallback().retainReference();

  private NativeIo() {}

  /** One input's reading state. */
  private static final class Reader {
    final Source source;
    final byte[] scratch = new byte[BUFFER];
    long position;

    Reader(Source source) {
      this.source = source;
    }
  }

  /** An input's I/O: the context FFmpeg reads through, and the native block that names it to the callbacks. */
  record Attachment(AVIOContext io, Pointer opaque) {}

  /** An AVIOContext reading {@code source}; free it with {@link #free} once its format context is closed. */
  static Attachment attach(Source source) {
    // The callbacks' opaque pointer is a block of our own: its address names this input for as
    // long as the block is allocated, whatever happens to the format context's memory.
    Pointer opaque = malloc(8);
    Pointer buffer = av_malloc(BUFFER);
    if (buffer == null || buffer.isNull()) {
      av_free(opaque);
      throw new OutOfMemoryError("av_malloc(" + BUFFER + ") failed");
    }
    OPEN.put(opaque.address(), new Reader(source));
    AVIOContext io = avio_alloc_context(new BytePointer(buffer), BUFFER, 0, opaque, READ, null, SEEK);
    if (io == null || io.isNull()) {
      OPEN.remove(opaque.address());
      av_free(buffer);
      av_free(opaque);
      throw new OutOfMemoryError("avio_alloc_context failed");
    }
    return new Attachment(io, opaque);
  }

  /** Frees what {@link #attach} made; the format context reading through it must be closed first. */
  static void free(Attachment attachment) {
    OPEN.remove(attachment.opaque().address());
    AVIOContext io = attachment.io();
    if (io != null && !io.isNull()) {
      // FFmpeg may have replaced the buffer it was given; free the one it holds now.
      av_free(io.buffer());
      io.buffer(null);
      avio_context_free(io);
    }
    av_free(attachment.opaque());
  }

  private static Pointer malloc(int bytes) {
    Pointer p = av_malloc(bytes);
    if (p == null || p.isNull()) {
      throw new OutOfMemoryError("av_malloc(" + bytes + ") failed");
    }
    return p;
  }

  private static final class ReadCallback extends Read_packet_Pointer_BytePointer_int {
    @Override
    public int call(Pointer opaque, BytePointer buf, int size) {
      Reader r = OPEN.get(opaque.address());
      if (r == null) {
        return AVERROR_EXTERNAL();
      }
      try {
        int n = r.source.read(r.position, r.scratch, 0, Math.min(size, r.scratch.length));
        if (n <= 0) {
          return AVERROR_EOF();
        }
        buf.put(r.scratch, 0, n);
        r.position += n;
        return n;
      } catch (Exception e) {
        return AVERROR_EXTERNAL();
      }
    }
  }

  private static final class SeekCallback extends Seek_Pointer_long_int {
    @Override
    public long call(Pointer opaque, long offset, int whence) {
      Reader r = OPEN.get(opaque.address());
      if (r == null) {
        return -1;
      }
      long size = r.source.size();
      int how = whence & ~AVSEEK_FORCE;
      long target;
      switch (how) {
        case AVSEEK_SIZE -> {
          return size;
        }
        case 0 -> target = offset;
        case 1 -> target = r.position + offset;
        case 2 -> target = size + offset;
        default -> {
          return -1;
        }
      }
      if (target < 0) {
        return -1;
      }
      r.position = target;
      return target;
    }
  }
}

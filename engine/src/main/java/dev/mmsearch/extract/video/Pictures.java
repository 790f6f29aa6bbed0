package dev.mmsearch.extract.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_POINT;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decoded frames made small with swscale: a point-sampled luminance grid for every frame of the
 * sampling pass, an area-averaged {@link Signature} for each sample, an RGB picture of at most
 * {@code side} pixels (area-averaged) for the frames returned.
 * Only the small result ever reaches the Java heap. One per decode; not thread-safe; close it.
 */
final class Pictures implements AutoCloseable {

  private final int side;
  private final int quarterTurns;
  private SwsContext toSignature;
  private SwsContext toGrid;
  private SwsContext toPicture;
  private final Output signature = new Output();
  private final Output grid = new Output();
  private final Output picture = new Output();

  /**
   * @param side longest side of the pictures made
   * @param quarterTurns clockwise quarter turns that show the picture upright (0–3)
   */
  Pictures(int side, int quarterTurns) {
    this.side = side;
    this.quarterTurns = quarterTurns;
  }

  /**
   * A native buffer for one scaled image. Everything native here comes from av_malloc, none
   * from JavaCPP's allocator, whose physical-memory check would count a process's mapped index
   * files against the heap size.
   */
  private static final class Output {
    BytePointer data;
    int capacity;
    final IntPointer linesize = new IntPointer(malloc(4 * 4));
    final PointerPointer<BytePointer> planes = new PointerPointer<>(malloc(4 * 8));

    BytePointer ensure(int width, int height) {
      int stride = (width * 3 + 63) & ~63;
      int needed = stride * height + 64;
      if (data == null || capacity < needed) {
        free();
        data = new BytePointer(malloc(needed)).capacity(needed);
        capacity = needed;
      }
      data.position(0);
      linesize.put(0, stride).put(1, 0).put(2, 0).put(3, 0);
      planes.put(0, data);
      return data;
    }

    void free() {
      if (data != null) {
        av_free(data.position(0));
        data = null;
      }
    }

    void close() {
      free();
      av_free(linesize.position(0));
      av_free(planes.position(0));
    }
  }

  private static Pointer malloc(int bytes) {
    Pointer p = av_malloc(bytes);
    if (p == null || p.isNull()) {
      throw new OutOfMemoryError("av_malloc(" + bytes + ") failed");
    }
    return p;
  }

  Signature signature(AVFrame frame) {
    int s = Signature.SIDE;
    toSignature = sws_getCachedContext(toSignature, frame.width(), frame.height(), frame.format(), s, s, AV_PIX_FMT_RGB24,
        SWS_AREA, null, null, (DoublePointer) null);
    BytePointer data = scale(toSignature, frame, signature, s, s);
    byte[] rgb = new byte[s * s * 3];
    int stride = signature.linesize.get(0);
    for (int y = 0; y < s; y++) {
      data.position((long) y * stride).get(rgb, y * s * 3, s * 3);
    }
    data.position(0);
    return Signature.ofRgb(rgb);
  }

  /**
   * The frame's luminance at the centres of a {@value Signature#SIDE} × {@value Signature#SIDE}
   * grid, point-sampled: cheap enough for every frame decoded (swscale reads only the rows it
   * samples), to tell between which two frames the picture jumped.
   */
  byte[] grid(AVFrame frame) {
    int s = Signature.SIDE;
    toGrid = sws_getCachedContext(toGrid, frame.width(), frame.height(), frame.format(), s, s, AV_PIX_FMT_GRAY8, SWS_POINT,
        null, null, (DoublePointer) null);
    BytePointer data = scale(toGrid, frame, grid, s, s);
    byte[] luma = new byte[s * s];
    int stride = grid.linesize.get(0);
    for (int y = 0; y < s; y++) {
      data.position((long) y * stride).get(luma, y * s, s);
    }
    data.position(0);
    return luma;
  }

  /** Mean absolute difference of two {@link #grid}s, 0–255. */
  static double change(byte[] a, byte[] b) {
    long sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
    }
    return sum / (double) a.length;
  }

  /** The frame upright, at its display aspect ratio, longer side at most {@code side}. */
  BufferedImage picture(AVFrame frame) {
    int w = frame.width();
    int h = frame.height();
    double aspect = w * sampleAspect(frame.sample_aspect_ratio()) / h;
    double scale = Math.min(1.0, side / Math.max(aspect * h, h));
    int outW = Math.max(1, (int) Math.round(aspect * h * scale));
    int outH = Math.max(1, (int) Math.round(h * scale));
    toPicture = sws_getCachedContext(toPicture, w, h, frame.format(), outW, outH, AV_PIX_FMT_RGB24, SWS_AREA, null, null,
        (DoublePointer) null);
    BytePointer data = scale(toPicture, frame, picture, outW, outH);
    int stride = picture.linesize.get(0);
    BufferedImage image = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
    int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    byte[] row = new byte[outW * 3];
    for (int y = 0; y < outH; y++) {
      data.position((long) y * stride).get(row, 0, row.length);
      for (int x = 0; x < outW; x++) {
        pixels[y * outW + x] = (row[3 * x] & 0xFF) << 16 | (row[3 * x + 1] & 0xFF) << 8 | (row[3 * x + 2] & 0xFF);
      }
    }
    data.position(0);
    return turn(image, quarterTurns);
  }

  private static BytePointer scale(SwsContext context, AVFrame frame, Output out, int width, int height) {
    if (context == null || context.isNull()) {
      throw new IllegalStateException("swscale cannot convert pixel format " + frame.format() + " at " + frame.width() + "x"
          + frame.height());
    }
    BytePointer data = out.ensure(width, height);
    int rows = sws_scale(context, frame.data(), frame.linesize(), 0, frame.height(), out.planes, out.linesize);
    if (rows != height) {
      throw new IllegalStateException("swscale wrote " + rows + " rows, not " + height);
    }
    return data;
  }

  private static double sampleAspect(AVRational sar) {
    if (sar == null || sar.num() <= 0 || sar.den() <= 0) {
      return 1;
    }
    double r = sar.num() / (double) sar.den();
    // A pixel more than 4:1 is a broken header, not a picture.
    return r < 0.25 || r > 4 ? 1 : r;
  }

  /** {@code image} turned clockwise by {@code quarterTurns} quarters. */
  static BufferedImage turn(BufferedImage image, int quarterTurns) {
    int turns = Math.floorMod(quarterTurns, 4);
    if (turns == 0) {
      return image;
    }
    int w = image.getWidth();
    int h = image.getHeight();
    int[] src = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    boolean swap = turns % 2 == 1;
    BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
    int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    int outW = out.getWidth();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int nx;
        int ny;
        switch (turns) {
          case 1 -> {
            nx = h - 1 - y;
            ny = x;
          }
          case 2 -> {
            nx = w - 1 - x;
            ny = h - 1 - y;
          }
          default -> {
            nx = y;
            ny = w - 1 - x;
          }
        }
        dst[ny * outW + nx] = src[y * w + x];
      }
    }
    return out;
  }

  @Override
  public void close() {
    sws_freeContext(toSignature);
    sws_freeContext(toGrid);
    sws_freeContext(toPicture);
    toSignature = null;
    toGrid = null;
    toPicture = null;
    signature.close();
    grid.close();
    picture.close();
  }
}

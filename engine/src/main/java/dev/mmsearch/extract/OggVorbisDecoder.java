package dev.mmsearch.extract;

import com.github.trilarion.sound.vorbis.jcraft.jogg.Packet;
import com.github.trilarion.sound.vorbis.jcraft.jogg.Page;
import com.github.trilarion.sound.vorbis.jcraft.jogg.StreamState;
import com.github.trilarion.sound.vorbis.jcraft.jogg.SyncState;
import com.github.trilarion.sound.vorbis.jcraft.jorbis.Block;
import com.github.trilarion.sound.vorbis.jcraft.jorbis.Comment;
import com.github.trilarion.sound.vorbis.jcraft.jorbis.DspState;
import com.github.trilarion.sound.vorbis.jcraft.jorbis.Info;
import dev.mmsearch.extract.DecodeException.Reason;

/**
 * Decodes Ogg Vorbis with JOrbis (as packaged in vorbis-support) directly, page by page: the
 * library's Java Sound stream stops at a page flagged end-of-stream before decoding its packets,
 * so a sound that fits in one audio page (a short drum hit) came out empty through it. Follows
 * the reference decoding loop of libvorbis' {@code decoder_example.c}.
 *
 * <p>Each header packet is checked by {@link VorbisHeaders} before JOrbis sees it, and the
 * comment header is replaced by an empty one: JOrbis allocates whatever they declare.
 *
 * <p>JOrbis keeps no state between decodes but synchronises its inverse transform on a single
 * shared object, so Vorbis decodes in one process run one at a time through that step.
 */
final class OggVorbisDecoder {

  static final String FORMAT = "Ogg Vorbis";

  private OggVorbisDecoder() {}

  static Audio decode(byte[] bytes, AudioLimits limits) throws DecodeException {
    SyncState sync = new SyncState();
    sync.init();
    int[] fed = {0};
    Page page = new Page();
    Packet packet = new Packet();
    feed(sync, bytes, fed);
    if (sync.pageout(page) != 1) {
      throw new DecodeException(Reason.CORRUPT, FORMAT + " data is corrupt: no first page");
    }
    StreamState stream = new StreamState();
    stream.init(page.serialno());
    Info info = new Info();
    info.init();
    Comment comment = new Comment();
    comment.init();
    if (stream.pagein(page) < 0 || stream.packetout(packet) != 1) {
      throw new DecodeException(Reason.UNSUPPORTED_FORMAT, "the Ogg stream is not Vorbis audio");
    }
    VorbisHeaders.Identification id = VorbisHeaders.identification(packet.packet_base, packet.packet, packet.bytes);
    if (info.synthesis_headerin(comment, packet) < 0) {
      throw new DecodeException(Reason.CORRUPT, FORMAT + " data is corrupt: bad identification header");
    }
    int headers = 1;
    while (headers < 3) {
      int result = sync.pageout(page);
      if (result == 0) {
        if (!feed(sync, bytes, fed)) {
          throw new DecodeException(Reason.TRUNCATED, FORMAT + " data ends early: in its headers");
        }
        continue;
      }
      if (result < 0) {
        continue;
      }
      stream.pagein(page);
      while (headers < 3 && (result = stream.packetout(packet)) != 0) {
        if (result < 0) {
          throw new DecodeException(Reason.CORRUPT, FORMAT + " data is corrupt: bad header packet");
        }
        if (headers == 1) {
          VorbisHeaders.comment(packet.packet_base, packet.packet, packet.bytes);
        } else {
          VorbisHeaders.setup(packet.packet_base, packet.packet, packet.bytes, id);
        }
        if (info.synthesis_headerin(comment, headers == 1 ? emptyComment() : packet) < 0) {
          throw new DecodeException(Reason.CORRUPT, FORMAT + " data is corrupt: bad header packet");
        }
        headers++;
      }
    }
    DspState dsp = new DspState();
    dsp.synthesis_init(info);
    Block block = new Block(dsp);
    block.init(dsp);
    MonoSink sink = new MonoSink(limits, FORMAT, info.rate);
    float[][][] pcm = new float[1][][];
    int[] index = new int[info.channels];
    boolean end = false;
    long granule = -1;
    try {
      // Packets already buffered from the header pages come first.
      drain(stream, packet, block, dsp, pcm, index, info.channels, sink);
      while (!end) {
        int result = sync.pageout(page);
        if (result == 0) {
          if (!feed(sync, bytes, fed)) {
            break;
          }
          continue;
        }
        if (result < 0) {
          continue; // a gap in the data: skipped, as libvorbis does
        }
        stream.pagein(page);
        drain(stream, packet, block, dsp, pcm, index, info.channels, sink);
        end = page.eos() != 0;
        granule = page.granulepos() >= 0 ? page.granulepos() : granule;
      }
    } catch (RuntimeException e) {
      throw new DecodeException(Reason.CORRUPT, FORMAT + " data is corrupt: " + e, e);
    }
    // The last page's granule position is the stream's length in frames.
    if (end) {
      sink.trimTo(granule);
    }
    if (sink.frames() == 0) {
      throw new DecodeException(Reason.EMPTY, FORMAT + " holds no samples");
    }
    return sink.audio();
  }

  private static void drain(StreamState stream, Packet packet, Block block, DspState dsp, float[][][] pcm, int[] index,
      int channels, MonoSink sink) throws DecodeException {
    int result;
    while ((result = stream.packetout(packet)) != 0) {
      if (result < 0) {
        continue;
      }
      if (block.synthesis(packet) == 0) {
        dsp.synthesis_blockin(block);
      }
      int samples;
      while ((samples = dsp.synthesis_pcmout(pcm, index)) > 0) {
        float[][] p = pcm[0];
        for (int i = 0; i < samples; i++) {
          double sum = 0;
          for (int c = 0; c < channels; c++) {
            sum += p[c][index[c] + i];
          }
          sink.frame(Math.max(-1, Math.min(1, sum / channels)));
        }
        dsp.synthesis_read(samples);
      }
    }
  }

  /** The stand-in for a file's comment header: JOrbis needs one before the setup header, mmsearch none of its tags. */
  private static Packet emptyComment() {
    Packet p = new Packet();
    p.packet_base = VorbisHeaders.EMPTY_COMMENT.clone();
    p.packet = 0;
    p.bytes = p.packet_base.length;
    return p;
  }

  /** Hands the sync layer the next chunk; false when everything was given. */
  private static boolean feed(SyncState sync, byte[] bytes, int[] fed) {
    if (fed[0] >= bytes.length) {
      return false;
    }
    int n = Math.min(8192, bytes.length - fed[0]);
    int at = sync.buffer(n);
    System.arraycopy(bytes, fed[0], sync.data, at, n);
    sync.wrote(n);
    fed[0] += n;
    return true;
  }
}

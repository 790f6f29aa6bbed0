package dev.mmsearch.extract.video;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_DBL;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S32;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S64;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_U8;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_get_bytes_per_sample;
import static org.bytedeco.ffmpeg.global.avutil.av_get_packed_sample_fmt;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;
import static org.bytedeco.ffmpeg.global.avutil.av_sample_fmt_is_planar;

import dev.mmsearch.extract.Audio;
import dev.mmsearch.extract.AudioLimits;
import dev.mmsearch.extract.DecodeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Set;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * A video's sound track as mono float samples at the track's own rate, channels averaged (as
 * {@link dev.mmsearch.extract.AudioDecoder} does), in its own pass over the container with every
 * other stream discarded. Only the first {@link VideoLimits#maxAudioSeconds()} are decoded; the
 * track's declared length gives {@link Audio#totalFrames()} beyond that.
 */
final class SoundTrack {

  /** Sound codecs decoded, by FFmpeg name; also every {@code pcm_*}. Others count as no sound track. */
  static final Set<String> CODECS = Set.of("aac", "mp3", "opus", "vorbis", "flac", "alac", "ac3", "eac3");

  private SoundTrack() {}

  static boolean decodable(int codecId) {
    String name = avcodec_get_name(codecId).getString();
    return CODECS.contains(name) || name.startsWith("pcm_");
  }

  /** The track's sound, or null when none of it decodes. */
  static Audio decode(Source source, Container container, int index, VideoLimits limits) throws DecodeException {
    try (Demuxer demuxer = Demuxer.open(source, container)) {
      for (int i = 0; i < demuxer.streams(); i++) {
        demuxer.stream(i).discard(i == index ? AVDISCARD_DEFAULT : AVDISCARD_ALL);
      }
      AVStream stream = demuxer.stream(index);
      AVCodec decoder = avcodec_find_decoder(stream.codecpar().codec_id());
      if (decoder == null || decoder.isNull()) {
        return null;
      }
      AVCodecContext codec = avcodec_alloc_context3(decoder);
      AVPacket packet = av_packet_alloc();
      AVFrame frame = av_frame_alloc();
      try {
        if (avcodec_parameters_to_context(codec, stream.codecpar()) < 0) {
          return null;
        }
        codec.pkt_timebase(stream.time_base());
        codec.thread_count(1);
        if (avcodec_open2(codec, decoder, (AVDictionary) null) < 0) {
          return null;
        }
        Mono mono = new Mono(limits.maxAudioSeconds());
        boolean more = true;
        while (more && !mono.full()) {
          int r = av_read_frame(demuxer.fmt, packet);
          if (r < 0) {
            avcodec_send_packet(codec, (AVPacket) null);
            more = false;
          } else {
            try {
              if (packet.stream_index() == index) {
                avcodec_send_packet(codec, packet);
              }
            } finally {
              av_packet_unref(packet);
            }
          }
          while (!mono.full() && avcodec_receive_frame(codec, frame) >= 0) {
            if (!mono.add(frame)) {
              more = false;
              break;
            }
          }
        }
        if (mono.count == 0) {
          return null;
        }
        long total = mono.count;
        if (mono.full()) {
          double declared = stream.duration() != AV_NOPTS_VALUE && stream.duration() > 0
              ? stream.duration() * av_q2d(stream.time_base())
              : demuxer.fmt.duration() > 0 ? demuxer.fmt.duration() / (double) AV_TIME_BASE : 0;
          total = Math.max(total, Math.round(declared * mono.rate));
        }
        return new Audio(Arrays.copyOf(mono.samples, mono.count), mono.rate, total);
      } finally {
        av_frame_free(frame);
        av_packet_free(packet);
        avcodec_free_context(codec);
      }
    }
  }

  /** Mono samples kept so far. */
  private static final class Mono {
    final double keepSeconds;
    float[] samples = new float[0];
    int count;
    int rate;
    int cap = Integer.MAX_VALUE;
    byte[] bytes = new byte[0];

    Mono(double keepSeconds) {
      this.keepSeconds = keepSeconds;
    }

    boolean full() {
      return count >= cap;
    }

    /** Appends a frame's samples, averaged over its channels; false when the frame cannot be read (and reading should stop). */
    boolean add(AVFrame frame) {
      int channels = frame.ch_layout().nb_channels();
      int n = frame.nb_samples();
      int format = frame.format();
      int bytesPerSample = av_get_bytes_per_sample(format);
      if (channels < 1 || channels > AudioLimits.MAX_CHANNELS || n < 0 || bytesPerSample < 1) {
        return false;
      }
      if (rate == 0) {
        rate = frame.sample_rate();
        if (rate < 1000 || rate > 384_000) {
          return false;
        }
        cap = (int) Math.min(Integer.MAX_VALUE - 8, Math.ceil(keepSeconds * rate));
        samples = new float[(int) Math.min(cap, Math.max(n, 1) * 64L)];
      } else if (frame.sample_rate() != rate) {
        return false;
      }
      int take = Math.min(n, cap - count);
      if (count + take > samples.length) {
        samples = Arrays.copyOf(samples, (int) Math.min(cap, Math.max(count + take, samples.length * 2L)));
      }
      boolean planar = av_sample_fmt_is_planar(format) != 0;
      int packed = av_get_packed_sample_fmt(format);
      int planes = planar ? channels : 1;
      int perPlane = planar ? 1 : channels;
      int length = take * perPlane * bytesPerSample;
      if (bytes.length < length) {
        bytes = new byte[length];
      }
      float scale = 1f / channels;
      for (int p = 0; p < planes; p++) {
        frame.extended_data(p).get(bytes, 0, length);
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, length).order(ByteOrder.nativeOrder());
        for (int i = 0; i < take; i++) {
          float sum = 0;
          for (int c = 0; c < perPlane; c++) {
            sum += value(b, packed, (i * perPlane + c) * bytesPerSample);
          }
          samples[count + i] = Math.max(-1f, Math.min(1f, samples[count + i] + sum * scale));
        }
      }
      count += take;
      return true;
    }

    private static float value(ByteBuffer b, int format, int at) {
      if (format == AV_SAMPLE_FMT_FLT) {
        return b.getFloat(at);
      } else if (format == AV_SAMPLE_FMT_S16) {
        return b.getShort(at) / 32768f;
      } else if (format == AV_SAMPLE_FMT_S32) {
        return b.getInt(at) / 2147483648f;
      } else if (format == AV_SAMPLE_FMT_DBL) {
        return (float) b.getDouble(at);
      } else if (format == AV_SAMPLE_FMT_U8) {
        return ((b.get(at) & 0xFF) - 128) / 128f;
      } else if (format == AV_SAMPLE_FMT_S64) {
        return (float) (b.getLong(at) / 9.223372036854775807E18);
      }
      return 0;
    }
  }
}

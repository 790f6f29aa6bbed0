package dev.mmsearch.media;

import dev.mmsearch.derive.DerivedMetadata;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.extract.Audio;
import dev.mmsearch.extract.DecodeException;
import dev.mmsearch.extract.Thumbnails;
import dev.mmsearch.extract.video.Segment;
import dev.mmsearch.extract.video.Video;
import dev.mmsearch.extract.video.VideoDecoder;
import dev.mmsearch.extract.video.VideoFrame;
import dev.mmsearch.extract.video.VideoLimits;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Videos: MP4/MOV, WebM, MKV, decoded by FFmpeg ({@link VideoDecoder}) into moments — shots, cut to
 * at most {@link VideoLimits#maxMomentSeconds()} — each with a few frames and its stretch of the
 * sound track. No encoder reads a video: a space's image encoder embeds the frames and its audio
 * encoder the sound, moment by moment ({@link EncoderInput.Timeline}); the item's preview is the
 * poster frame, and each moment gets its own.
 */
public final class VideoMedium implements Medium {

  static final Map<String, String> TYPES = Map.of("mp4", "video/mp4", "m4v", "video/mp4", "mov", "video/quicktime",
      "webm", "video/webm", "mkv", "video/x-matroska");

  /** Videos as {@link Media} registers them. */
  public static final MediumType TYPE = new MediumType(Modality.VIDEO, TYPES, VideoLimits.DEFAULTS,
      (limits, encoders, previewSize) -> new VideoMedium(limits.get(VideoLimits.class, VideoLimits.DEFAULTS), previewSize));

  private final VideoDecoder decoder;
  private final int previewSize;

  VideoMedium(VideoLimits limits, int previewSize) {
    this.decoder = new VideoDecoder(limits);
    this.previewSize = previewSize;
  }

  @Override
  public Modality modality() {
    return Modality.VIDEO;
  }

  @Override
  public Map<String, String> servedTypes() {
    return TYPES;
  }

  @Override
  public String expected() {
    return "a video (MP4/MOV, WebM, MKV: H.264, H.265, VP8, VP9, AV1)";
  }

  @Override
  public long maxBytes() {
    return decoder.limits().maxBytes();
  }

  /** Videos are encoded by image and audio encoders, moment by moment. */
  @Override
  public java.util.Set<Modality> encodedAs() {
    return java.util.Set.of(Modality.IMAGE, Modality.AUDIO);
  }

  /** Every video has frames; not every one a sound. */
  @Override
  public java.util.Set<Modality> alwaysEncodedAs() {
    return java.util.Set.of(Modality.IMAGE);
  }

  @Override
  public EncoderInput decode(byte[] bytes) throws DecodeException {
    return timeline(decoder.decode(bytes));
  }

  /** The moments of a decoded video as inputs of the image and audio encoders, with their previews. */
  EncoderInput.Timeline timeline(Video video) {
    List<EncoderInput.TimedInputs> moments = new ArrayList<>(video.segments().size());
    for (Segment s : video.segments()) {
      Map<Modality, List<EncoderInput>> inputs = new EnumMap<>(Modality.class);
      List<EncoderInput> frames = new ArrayList<>(s.frames().size());
      for (VideoFrame f : s.frames()) {
        frames.add(new EncoderInput.Image(f.image()));
      }
      inputs.put(Modality.IMAGE, frames);
      if (video.audio() != null) {
        float[] sound = video.audio().slice(s.start(), s.end());
        if (sound.length > 0) {
          inputs.put(Modality.AUDIO, List.of(new EncoderInput.Audio(new Audio(sound, video.audio().sampleRate()))));
        }
      }
      // A moment's preview, where previews are made (indexing; not a query's video).
      VideoFrame middle = s.frames().get(s.frames().size() / 2);
      byte[] preview = previewSize > 0 ? Thumbnails.jpeg(middle.image(), previewSize) : null;
      moments.add(new EncoderInput.TimedInputs(s.start(), s.end(), inputs, preview));
    }
    Map<Modality, EncoderInput> whole = new EnumMap<>(Modality.class);
    whole.put(Modality.IMAGE, new EncoderInput.Image(video.poster()));
    if (video.audio() != null && video.audio().samples().length > 0) {
      whole.put(Modality.AUDIO, new EncoderInput.Audio(video.audio()));
    }
    return new EncoderInput.Timeline(moments, whole, video);
  }

  @Override
  public boolean previews() {
    return true;
  }

  /** The poster frame: a frame that shows something, not a black first frame. */
  @Override
  public byte[] preview(EncoderInput decoded, int maxSide) {
    EncoderInput poster = ((EncoderInput.Timeline) decoded).whole().get(Modality.IMAGE);
    return Thumbnails.jpeg(((EncoderInput.Image) poster).image(), maxSide);
  }

  @Override
  public DerivedMetadata derive(String fileName, byte[] bytes, EncoderInput decoded) {
    EncoderInput.Timeline t = (EncoderInput.Timeline) decoded;
    Video v = (Video) t.source();
    int dot = fileName.lastIndexOf('.');
    String ext = dot < 0 ? v.container() : fileName.substring(dot + 1);
    return DerivedMetadata.ofVideo(ext, v.videoCodec(), v.width(), v.height(), v.fps(), v.seconds(), t.moments().size(),
        v.audio() != null, bytes.length);
  }
}

package dev.mmsearch.media;

import dev.mmsearch.derive.DerivedMetadata;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.InputNeed;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.extract.AudioDecoder;
import dev.mmsearch.extract.AudioLimits;
import dev.mmsearch.extract.DecodeException;
import java.util.Collection;
import java.util.Map;

/** Sounds: WAV, FLAC, Ogg Vorbis, MP3, decoded to mono; only what the encoders read is kept. */
public final class AudioMedium implements Medium {

  static final Map<String, String> TYPES = Map.of("wav", "audio/wav", "flac", "audio/flac", "ogg", "audio/ogg",
      "oga", "audio/ogg", "mp3", "audio/mpeg");

  /** Sounds as {@link Media} registers them. */
  public static final MediumType TYPE = new MediumType(Modality.AUDIO, TYPES, AudioLimits.DEFAULTS,
      (limits, encoders, previewSize) -> new AudioMedium(keeping(encoders, limits.get(AudioLimits.class, AudioLimits.DEFAULTS))));

  private final AudioDecoder decoder;

  AudioMedium(AudioLimits limits) {
    this.decoder = new AudioDecoder(limits);
  }

  /**
   * The sound limits keeping what these encoders' audio towers read (the most any of them reads: a
   * first window, or all of a sound, up to the duration limit, for one that pools windows); the
   * given limits without audio towers.
   */
  static AudioLimits keeping(Collection<Encoder> encoders, AudioLimits sounds) {
    double keep = 0;
    for (Encoder e : encoders) {
      if (e.modality() == Modality.AUDIO) {
        keep = Math.max(keep, e.reads().filter(InputNeed.SoundSeconds.class::isInstance)
            .map(InputNeed.SoundSeconds.class::cast).map(InputNeed.SoundSeconds::seconds).orElse(0.0));
      }
    }
    return keep > 0 ? sounds.keeping(Math.min(keep, sounds.maxSeconds())) : sounds;
  }

  @Override
  public Modality modality() {
    return Modality.AUDIO;
  }

  @Override
  public Map<String, String> servedTypes() {
    return TYPES;
  }

  @Override
  public String expected() {
    return "a sound (WAV, FLAC, Ogg Vorbis, MP3)";
  }

  @Override
  public long maxBytes() {
    return decoder.limits().maxBytes();
  }

  @Override
  public EncoderInput decode(byte[] bytes) throws DecodeException {
    return new EncoderInput.Audio(decoder.decode(bytes));
  }

  @Override
  public DerivedMetadata derive(String fileName, byte[] bytes, EncoderInput decoded) {
    return DerivedMetadata.ofSound(fileName, bytes, ((EncoderInput.Audio) decoded).audio());
  }
}

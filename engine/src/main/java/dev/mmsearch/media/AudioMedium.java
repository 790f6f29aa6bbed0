package dev.mmsearch.media;

import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.extract.AudioDecoder;
import dev.mmsearch.extract.AudioLimits;
import dev.mmsearch.extract.DecodeException;
import java.util.Map;

/** Sounds: WAV, FLAC, Ogg Vorbis, MP3, decoded to mono; only what the encoders read is kept. */
public final class AudioMedium implements Medium {

  static final Map<String, String> TYPES = Map.of("wav", "audio/wav", "flac", "audio/flac", "ogg", "audio/ogg",
      "oga", "audio/ogg", "mp3", "audio/mpeg");

  private final AudioDecoder decoder;

  public AudioMedium(AudioLimits limits) {
    this.decoder = new AudioDecoder(limits);
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

  public AudioLimits limits() {
    return decoder.limits();
  }

  @Override
  public EncoderInput decode(byte[] bytes) throws DecodeException {
    return new EncoderInput.Audio(decoder.decode(bytes));
  }
}

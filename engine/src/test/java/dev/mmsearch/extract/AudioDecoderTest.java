package dev.mmsearch.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.extract.DecodeException.Reason;
import dev.mmsearch.testing.Bombs;
import dev.mmsearch.testing.Ogg;
import dev.mmsearch.testing.TestModels;
import dev.mmsearch.testing.TestSounds;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Every container and sample format decodes to the same mono sound; broken, empty, mislabelled
 * and over-limit files fail with a typed reason. Fixtures: models/test/make_test_audio.py.
 */
class AudioDecoderTest {

  private final AudioDecoder decoder = new AudioDecoder(AudioLimits.DEFAULTS);

  private static double rmsDiff(float[] a, float[] b, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s / n);
  }

  /**
   * Tolerances are each format's own error against 16-bit PCM: 8-bit quantisation, and the lossy
   * codecs (Vorbis and MP3 also shift and smear; MP3 adds its encoder delay, so it is compared by
   * level only).
   */
  @ParameterizedTest
  @CsvSource({
    "chord-u8.wav, 0.005",
    "chord-24.wav, 0.0001",
    "chord-32.wav, 0.0001",
    "chord-float.wav, 0.0001",
    "chord-double.wav, 0.0001",
    "chord.flac, 0.0001",
    "chord.ogg, 0.05"
  })
  void everyFormatDecodesToTheSameMonoSound(String file, double tolerance) throws Exception {
    Audio pcm16 = decoder.decode(TestModels.reference("audio/chord.wav"));
    Audio other = decoder.decode(TestModels.reference("audio/" + file));
    assertEquals(22050, other.sampleRate());
    // Vorbis decodes whole blocks: a few samples more at the end.
    assertEquals(pcm16.samples().length, other.samples().length, file.endsWith(".ogg") ? 64 : 0, file);
    double d = rmsDiff(pcm16.samples(), other.samples(), Math.min(pcm16.samples().length, other.samples().length));
    assertTrue(d <= tolerance, file + " differs from 16-bit PCM by rms " + d);
  }

  @Test
  void mp3DecodesWithItsEncoderDelay() throws Exception {
    Audio pcm16 = decoder.decode(TestModels.reference("audio/chord.wav"));
    Audio mp3 = decoder.decode(TestModels.reference("audio/chord.mp3"));
    assertEquals(22050, mp3.sampleRate());
    assertTrue(mp3.samples().length >= pcm16.samples().length, "MP3 frames pad the end");
    assertEquals(rms(pcm16.samples()), rms(mp3.samples()) * Math.sqrt(mp3.samples().length / (double) pcm16.samples().length), 0.02);
  }

  private static double rms(float[] x) {
    double s = 0;
    for (float v : x) {
      s += v * v;
    }
    return Math.sqrt(s / x.length);
  }

  @Test
  void stereoIsAveragedToMono() throws Exception {
    // chord.wav: left 0.4·sin(440 Hz), right 0.3·sin(660 Hz), plus noise; mono is their mean.
    Audio a = decoder.decode(TestModels.reference("audio/chord.wav"));
    double level = rms(a.samples());
    assertEquals(Math.sqrt((0.4 * 0.4 + 0.3 * 0.3) / 2 / 4 + 0.05 * 0.05 / 2), level, 0.01);
    assertEquals(0.3, a.seconds(), 0.001);
  }

  @ParameterizedTest
  @CsvSource({
    "empty.wav, EMPTY",
    "picture.wav, UNSUPPORTED_FORMAT",
    "vorbis-in.wav, UNSUPPORTED_FORMAT",
    "chord-truncated.wav, TRUNCATED",
    "chord-truncated.flac, TRUNCATED",
    "chord-truncated.ogg, TRUNCATED",
    "chord-truncated.mp3, TRUNCATED",
    "chord-corrupt.wav, CORRUPT",
    "chord-corrupt.flac, CORRUPT",
    "chord-corrupt.ogg, CORRUPT",
    "chord-corrupt.mp3, CORRUPT"
  })
  void brokenFilesGiveATypedReason(String file, Reason reason) {
    DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(TestModels.reference("audio/" + file)));
    assertEquals(reason, e.reason(), file + ": " + e.getMessage());
  }

  @Test
  void limitsAreCheckedBeforeDecoding() throws Exception {
    AudioDecoder tiny = new AudioDecoder(new AudioLimits(1000, 600, 30));
    DecodeException bytes = assertThrows(DecodeException.class, () -> tiny.decode(TestModels.reference("audio/chord.wav")));
    assertEquals(Reason.TOO_MANY_BYTES, bytes.reason());
    // A WAV header declaring 20 minutes, with a few samples: refused from the header.
    DecodeException declared = assertThrows(DecodeException.class, () -> decoder.decode(wavDeclaring(16000, 20 * 60 * 16000)));
    assertEquals(Reason.TOO_LONG, declared.reason());
    assertEquals("PCM_SIGNED lasts 1200.0 s, longer than the limit of 600 s", declared.getMessage());
    // No declared length (MP3): counted while decoding.
    AudioDecoder brief = new AudioDecoder(new AudioLimits(AudioLimits.DEFAULT_MAX_BYTES, 1, 30));
    byte[] longMp3 = Files.readAllBytes(TestModels.reference("audio/long.wav"));
    assertEquals(Reason.TOO_LONG, assertThrows(DecodeException.class, () -> brief.decode(longMp3)).reason());
  }

  /**
   * Shapes real sample packs ship: a drum hit that fits in one Ogg page (the end-of-stream page is
   * also the only audio page, which Java Sound's Vorbis stream returned empty), and 24-bit 96 kHz
   * FLAC (which JFLAC only converts to its own bit depth). Lengths are exact: Vorbis's last block
   * is cut at the stream's final granule position.
   */
  @Test
  void oneOggPageAnd24BitFlacDecodeInFull() throws Exception {
    Audio hit = decoder.decode(TestModels.reference("audio/hit-one-page.ogg"));
    assertEquals(44100, hit.sampleRate());
    assertEquals(4410, hit.totalFrames());
    double peak = 0;
    for (float v : hit.samples()) {
      peak = Math.max(peak, Math.abs(v));
    }
    assertTrue(peak > 0.3 && peak <= 1, "peak " + peak);
    Audio tone = decoder.decode(TestModels.reference("audio/tone-24bit-96k.flac"));
    assertEquals(96000, tone.sampleRate());
    assertEquals(9600, tone.totalFrames());
    // 0.4 × sin at 1 kHz: 24 bits give it back to well under 1e-5.
    for (int i = 0; i < 9600; i += 37) {
      assertEquals(0.4 * Math.sin(2 * Math.PI * 1000 * i / 96000.0), tone.samples()[i], 1e-5);
    }
    assertEquals(6615, decoder.decode(TestModels.reference("audio/chord.ogg")).totalFrames(), "Vorbis cut to its granule");
  }

  @Test
  void onlyTheBeginningIsKept() throws Exception {
    AudioDecoder keepOne = new AudioDecoder(AudioLimits.DEFAULTS.keeping(1.0));
    Audio a = keepOne.decode(TestModels.reference("audio/long.wav"));
    assertEquals(44100, a.samples().length, "one second kept");
    assertEquals(2.6, a.seconds(), 0.001, "the whole length is still known");
  }

  /** The mean of integer channels at {@code bits}, as the decoder computes it. */
  private static float[] mean(int bits, int[]... channels) {
    float[] out = new float[channels[0].length];
    double scale = 1L << (bits - 1);
    for (int i = 0; i < out.length; i++) {
      double sum = 0;
      for (int[] c : channels) {
        sum += c[i] / scale;
      }
      out[i] = (float) (sum / channels.length);
    }
    return out;
  }

  private static int[][] tones(int count, int frames, int rate, int bits) {
    int[][] channels = new int[count][];
    for (int c = 0; c < count; c++) {
      channels[c] = TestSounds.tone(frames, rate, 220 * (c + 1), 0.8 / (c + 1), bits);
    }
    return channels;
  }

  /**
   * FLAC as the format allows it: 1 to 8 channels at 16 or 24 bits, and STREAMINFO as the only
   * metadata block. Through JFLAC's Java Sound provider the first was refused past two channels
   * ("unsupported conversion") and the second came out empty ("data ends early").
   */
  @ParameterizedTest
  @CsvSource({"1, 16, true", "1, 16, false", "2, 24, true", "3, 16, false", "6, 16, false", "6, 24, true", "8, 24, false"})
  void flacOfEveryChannelCountAndLayoutDecodesToTheMeanOfItsChannels(int count, int bits, boolean streamInfoOnly)
      throws Exception {
    int[][] channels = tones(count, 5000, 16000, bits);
    Audio a = decoder.decode(TestSounds.flac(16000, bits, 1152, streamInfoOnly, channels));
    assertEquals(16000, a.sampleRate());
    assertEquals(5000, a.totalFrames());
    org.junit.jupiter.api.Assertions.assertArrayEquals(mean(bits, channels), a.samples());
  }

  @Test
  void flacFramesThatFailTheirCrcAreCorruptNotSilence() throws Exception {
    byte[] flac = TestSounds.flac(16000, 16, 1152, false, tones(2, 5000, 16000, 16));
    flac[flac.length - 600] ^= 0x10; // a sample bit in the last frame
    DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(flac));
    assertEquals(Reason.CORRUPT, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("CRC"), e.getMessage());
  }

  @Test
  void flacOf32BitSamplesIsUnsupported() throws Exception {
    DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(TestSounds.flac(16000, 32, 1152, false,
        tones(1, 2000, 16000, 32))));
    assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
    assertEquals("FLAC with 32-bit samples is not supported (at most 24)", e.getMessage());
  }

  /** An ID3v2 tag in front of FLAC or MP3 is skipped by its declared size, never read; one declaring more than the file is a cut file. */
  @Test
  void id3TagsAreSkippedByTheirSize() throws Exception {
    byte[] tag = new byte[10 + 300];
    System.arraycopy(new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 2, 44}, 0, tag, 0, 10); // 300 bytes of padding
    for (String file : new String[] {"chord.flac", "chord.mp3"}) {
      byte[] plain = Files.readAllBytes(TestModels.reference("audio/" + file));
      byte[] tagged = new byte[tag.length + plain.length];
      System.arraycopy(tag, 0, tagged, 0, tag.length);
      System.arraycopy(plain, 0, tagged, tag.length, plain.length);
      org.junit.jupiter.api.Assertions.assertArrayEquals(decoder.decode(plain).samples(), decoder.decode(tagged).samples(), file);
    }
    DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(Bombs.mp3Id3Declaring(268_435_455)));
    assertEquals(Reason.TRUNCATED, e.reason());
    assertEquals("MP3 data ends early: the ID3v2 tag at byte 0 declares 268,435,455 bytes, 0 follow its header", e.getMessage());
  }

  @Test
  void wavHasAtMost32Channels() throws Exception {
    int[][] channels = tones(AudioLimits.MAX_CHANNELS, 800, 8000, 16);
    org.junit.jupiter.api.Assertions.assertArrayEquals(mean(16, channels), decoder.decode(TestSounds.wav16(8000, channels)).samples());
    DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(TestSounds.wav16(8000, tones(33, 800, 8000, 16))));
    assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
    assertEquals("WAV with 33 channels is not supported (at most 32)", e.getMessage());
  }

  /**
   * The comment header is not read: a real sound whose comment header declares a 512 MB vendor
   * string or 100,000,000 comments decodes exactly as it does with its own (JOrbis allocated
   * what they declared, then refused the file).
   */
  @Test
  void vorbisCommentHeadersAreNotRead() throws Exception {
    byte[] ogg = Files.readAllBytes(TestModels.reference("audio/chord.ogg"));
    Audio original = decoder.decode(ogg);
    Ogg.Packets headers = Ogg.firstPackets(ogg, 3);
    List<byte[]> audioPages = Ogg.pages(ogg).subList(headers.nextPage(), Ogg.pages(ogg).size());
    for (byte[] comment : List.of(Bombs.vorbisComment(512L << 20, 0), Bombs.vorbisComment(0, 100_000_000))) {
      byte[] hostile = Ogg.stream(1, List.of(headers.packets().get(0), comment, headers.packets().get(2)), audioPages);
      Audio a = decoder.decode(hostile);
      assertEquals(original.totalFrames(), a.totalFrames());
      org.junit.jupiter.api.Assertions.assertArrayEquals(original.samples(), a.samples());
    }
    List<byte[]> notVorbis = new ArrayList<>(headers.packets());
    notVorbis.set(1, new byte[] {3, 'v', 'o', 'r', 'b', 'i', 'x', 0});
    DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(Ogg.stream(1, notVorbis, audioPages)));
    assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
  }

  @Test
  void vorbisHasAtMost32Channels() {
    DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(Bombs.vorbisChannels(33)));
    assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
    assertEquals("Ogg Vorbis with 33 channels is not supported (at most 32)", e.getMessage());
  }

  /**
   * JOrbis reads a channel coupling's fields in floor(log2(channels)) bits where the specification
   * says ilog(channels − 1): for 3, 5, 6 and 7 coupled channels (libvorbis couples 5.1 at 44.1 and
   * 48 kHz) it misreads the setup and gave CORRUPT. Said as what it is; uncoupled 5.1 decodes.
   */
  @Test
  void coupledChannelsJOrbisMisreadsAreUnsupported() throws Exception {
    DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(resource("/extract/six-channels-coupled.ogg")));
    assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
    assertEquals("Ogg Vorbis with 6 coupled channels is not supported by the decoder", e.getMessage());
    Audio six = decoder.decode(resource("/extract/six-channels.ogg"));
    assertEquals(22050, six.sampleRate());
    assertEquals(2205, six.totalFrames());
  }

  /** The codebook bound leaves libvorbis's own setups a wide margin (these two need 0.5 and 0.2 MB). */
  @Test
  void libvorbisCodebooksAreFarWithinTheirBound() throws Exception {
    for (String file : new String[] {"chord.ogg", "hit-one-page.ogg"}) {
      List<byte[]> headers = Ogg.firstPackets(Files.readAllBytes(TestModels.reference("audio/" + file)), 3).packets();
      VorbisHeaders.Identification id = VorbisHeaders.identification(headers.get(0), 0, headers.get(0).length);
      long cost = VorbisHeaders.setup(headers.get(2), 0, headers.get(2).length, id);
      assertTrue(cost > 0 && cost < VorbisHeaders.MAX_CODEBOOK_BYTES / 16, file + ": " + cost);
    }
  }

  private static byte[] resource(String name) throws java.io.IOException {
    try (java.io.InputStream in = AudioDecoderTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  /** A 16-bit mono WAV whose header declares {@code frames} frames but holds only 100. */
  static byte[] wavDeclaring(int rate, long frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    h.put("RIFF".getBytes()).putInt((int) Math.min(Integer.MAX_VALUE, 36 + frames * 2)).put("WAVE".getBytes());
    h.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
        .putShort((short) 2).putShort((short) 16);
    h.put("data".getBytes()).putInt((int) Math.min(Integer.MAX_VALUE, frames * 2));
    out.writeBytes(h.array());
    out.writeBytes(new byte[200]);
    return out.toByteArray();
  }
}

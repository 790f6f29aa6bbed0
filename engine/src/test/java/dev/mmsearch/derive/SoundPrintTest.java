package dev.mmsearch.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.extract.Audio;
import dev.mmsearch.extract.AudioDecoder;
import dev.mmsearch.extract.AudioLimits;
import dev.mmsearch.testing.TestModels;
import org.junit.jupiter.api.Test;

/** The sound fingerprint and the decoded-content digest on one 0.3 s chord in several formats, louder and quieter, and on speech. */
class SoundPrintTest {

  private static final AudioDecoder DECODER = new AudioDecoder(AudioLimits.DEFAULTS);

  private static Audio decode(String file) throws Exception {
    return DECODER.decode(TestModels.reference("audio/" + file));
  }

  @Test
  void theSameChordInOtherFormatsAndVolumesDiffersInFewBits() throws Exception {
    Audio wav = decode("chord.wav");
    SoundPrint print = SoundPrint.of(wav);
    for (String other : java.util.List.of("chord.flac", "chord.ogg", "chord-24.wav", "chord-u8.wav")) {
      int d = print.hamming(SoundPrint.of(decode(other)));
      assertTrue(d <= 40, other + ": " + d + " of 256 bits differ");
    }
    float[] quiet = wav.samples();
    for (int i = 0; i < quiet.length; i++) {
      quiet[i] *= 0.2f;
    }
    assertEquals(0, print.hamming(SoundPrint.of(new Audio(quiet, wav.sampleRate(), wav.totalFrames()))), "gain cancels");
    int speech = print.hamming(SoundPrint.of(decode("speech.wav")));
    assertTrue(speech >= 90, "speech against the chord: " + speech);
  }

  @Test
  void theVectorIsUnitWithOneValuePerBit() throws Exception {
    float[] v = SoundPrint.of(decode("chord.wav")).vector();
    assertEquals(SoundPrint.BITS, v.length);
    double norm = 0;
    for (float x : v) {
      assertEquals(1 / 16.0, Math.abs(x), 1e-7);
      norm += x * x;
    }
    assertEquals(1, norm, 1e-5);
  }

  @Test
  void theDigestIsOfTheSamplesAndOneStepOfDifferenceChangesIt() throws Exception {
    Audio wav = decode("chord.wav");
    assertEquals(ContentDigest.of(wav), ContentDigest.of(new Audio(wav.samples(), wav.sampleRate(), wav.totalFrames())));
    // chord.flac was written from the same float chord, rounded differently: some samples are one 16-bit step off.
    assertNotEquals(ContentDigest.of(wav), ContentDigest.of(decode("chord.flac")));
    assertNotEquals(ContentDigest.of(wav), ContentDigest.of(decode("chord.ogg")));
    assertTrue(ContentDigest.of(decode("chord.wav")).startsWith("audio:"));
  }
}

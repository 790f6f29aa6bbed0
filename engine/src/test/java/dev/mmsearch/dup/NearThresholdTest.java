package dev.mmsearch.dup;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.derive.PictureSignature;
import dev.mmsearch.derive.SoundPrint;
import dev.mmsearch.extract.Audio;
import dev.mmsearch.extract.AudioDecoder;
import dev.mmsearch.extract.AudioLimits;
import dev.mmsearch.extract.ImageDecoder;
import dev.mmsearch.extract.ImageLimits;
import dev.mmsearch.testing.Copies;
import dev.mmsearch.testing.TestModels;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The near threshold against the transformations docs/quality.md promises (those grouped with their
 * original in at least 90 % of the generated photo-like cases), made here at the promised strengths
 * from a photo-like picture, plus a 5 % crop: each copy is within {@link Thresholds#pictureBits} of
 * the original (captions and hue shifts are found only in part, and the docs say so: they are not
 * asserted here); other pictures and a picture composed from this one are not. Sounds: the chord
 * re-encoded, at other bit depths and 14 dB quieter is within {@link Thresholds#soundBits}; speech is not.
 */
class NearThresholdTest {

  private static final int PICTURE = Thresholds.DEFAULTS.pictureBits();
  private static final int SOUND = Thresholds.DEFAULTS.soundBits();

  private static BufferedImage decode(String file) throws Exception {
    return new ImageDecoder(ImageLimits.DEFAULTS).decode(TestModels.reference(file));
  }

  @Test
  void everyPromisedPictureCopyIsNearAndNoOtherPictureIs() throws Exception {
    BufferedImage photo = decode("photo.png");
    PictureSignature original = PictureSignature.of(photo);
    Map<String, BufferedImage> copies = new LinkedHashMap<>();
    copies.put("resize 0.5", Copies.resized(photo, 0.5));
    copies.put("resize 0.25", Copies.resized(photo, 0.25));
    copies.put("jpeg q25", Copies.decoded(Copies.jpeg(photo, 0.25f)));
    copies.put("crop 5%", Copies.cropped(photo, 0.05));
    copies.put("brightness +35%", Copies.brighter(photo, 1.35));
    copies.put("saturation x0.6", Copies.desaturated(photo, 0.6));
    copies.put("logo 8%", Copies.logo(photo, 0.08));
    copies.put("logo 18%", Copies.logo(photo, 0.18));
    copies.put("format gif", Copies.decoded(Copies.encoded(photo, "gif")));
    StringBuilder seen = new StringBuilder();
    for (var c : copies.entrySet()) {
      int d = original.hamming(PictureSignature.of(c.getValue()));
      seen.append(c.getKey()).append(": ").append(d).append("; ");
      assertTrue(d <= PICTURE, c.getKey() + " is " + d + " bits off, over the near threshold of " + PICTURE + " (" + seen + ")");
    }
    // Hard negatives: other pictures, and a picture composed from this one (half size, in a corner of another scene).
    BufferedImage composed = Copies.scene(0.2);
    Graphics2D g = composed.createGraphics();
    g.drawImage(Copies.resized(photo, 0.45), 10, 10, null);
    g.dispose();
    Map<String, BufferedImage> others = Map.of("small.png", decode("small.png"), "tall-alpha.png", decode("tall-alpha.png"),
        "composed", composed, "another scene", Copies.scene(0));
    for (var o : others.entrySet()) {
      int d = original.hamming(PictureSignature.of(o.getValue()));
      assertTrue(d > PICTURE, o.getKey() + " is only " + d + " bits off: within the near threshold of " + PICTURE);
    }
  }

  @Test
  void reencodedAndQuieterSoundsAreNearAndSpeechIsNot() throws Exception {
    AudioDecoder decoder = new AudioDecoder(AudioLimits.DEFAULTS);
    Audio chord = decoder.decode(TestModels.reference("audio/chord.wav"));
    SoundPrint original = SoundPrint.of(chord);
    for (String copy : new String[] {"chord.ogg", "chord.flac", "chord-24.wav", "chord-u8.wav"}) {
      int d = original.hamming(SoundPrint.of(decoder.decode(TestModels.reference("audio/" + copy))));
      assertTrue(d <= SOUND, copy + " is " + d + " bits off, over the near threshold of " + SOUND);
    }
    int speech = original.hamming(SoundPrint.of(decoder.decode(TestModels.reference("audio/speech.wav"))));
    assertTrue(speech > SOUND, "speech is only " + speech + " bits off the chord");
  }
}

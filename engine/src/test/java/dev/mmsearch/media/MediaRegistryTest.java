package dev.mmsearch.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.InputNeed;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.ModelIdentity;
import dev.mmsearch.encode.Role;
import dev.mmsearch.encode.Similarity;
import dev.mmsearch.extract.AudioLimits;
import dev.mmsearch.extract.DecodeTarget;
import dev.mmsearch.extract.ImageLimits;
import dev.mmsearch.testing.TestImages;
import dev.mmsearch.testing.TestSounds;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The file-modality registry is exhaustive: every {@link Modality} is either inline (text, names)
 * or registered with file types, default limits and a decoder that reads a sample file. A new
 * modality fails here until it is registered and has a sample.
 */
class MediaRegistryTest {

  /** Modalities without a file of their own: given inline (text, names) or read from another's (text in pictures). */
  private static final Set<Modality> INLINE = EnumSet.of(Modality.TEXT, Modality.NAME, Modality.OCR);

  /** A small file of each file modality. */
  private static final Map<Modality, byte[]> SAMPLES = Map.of(
      Modality.IMAGE, TestImages.smallPng(),
      Modality.AUDIO, TestSounds.wav16(16000, TestSounds.tone(1600, 16000, 440, 0.5, 16)),
      Modality.VIDEO, videoSample());

  private static byte[] videoSample() {
    try {
      return java.nio.file.Files.readAllBytes(dev.mmsearch.testing.TestModels.reference("video/walk.mp4"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void everyModalityIsInlineOrRegisteredWithTypesLimitsAndADecoder() throws Exception {
    Set<Modality> registered = EnumSet.noneOf(Modality.class);
    for (MediumType type : Media.types()) {
      Modality m = type.modality();
      assertTrue(registered.add(m), "registered twice: " + m.id());
      assertFalse(type.fileTypes().isEmpty(), m.id());
      type.fileTypes().forEach((ext, mediaType) -> {
        assertEquals(m, Media.modalityOfFile("x." + ext.toUpperCase(java.util.Locale.ROOT)), ext);
        assertEquals(mediaType, Media.typeOfFile("x." + ext));
      });
      Medium medium = type.factory().create(MediaLimits.DEFAULTS, List.of(), 0);
      assertEquals(m, medium.modality());
      assertEquals(type.fileTypes(), medium.servedTypes());
      // Without limits of its type, a medium uses its declared defaults.
      assertEquals(type.factory().create(MediaLimits.of(type.defaultLimits()), List.of(), 0).maxBytes(), medium.maxBytes(), m.id());
      byte[] sample = SAMPLES.get(m);
      assertNotNull(sample, "a sample file for " + m.id());
      assertEquals(m, medium.decode(sample).modality());
    }
    assertEquals(EnumSet.complementOf(EnumSet.copyOf(INLINE)), registered, "every file modality registered");
    assertEquals(List.copyOf(registered), Media.fileModalities());
  }

  @Test
  void limitsAreOneTypedMap() {
    ImageLimits images = new ImageLimits(1000, 2000);
    AudioLimits sounds = new AudioLimits(3000, 4, 2);
    MediaLimits limits = MediaLimits.of(images, sounds);
    assertSame(images, limits.get(ImageLimits.class, ImageLimits.DEFAULTS));
    assertSame(sounds, limits.get(AudioLimits.class, AudioLimits.DEFAULTS));
    assertSame(AudioLimits.DEFAULTS, MediaLimits.of(images).get(AudioLimits.class, AudioLimits.DEFAULTS));
    Media media = Media.of(List.of(), limits, 0);
    assertEquals(1000, media.of(Modality.IMAGE).orElseThrow().maxBytes());
    assertEquals(3000, media.of(Modality.AUDIO).orElseThrow().maxBytes());
  }

  @Test
  void decodersKeepWhatTheEncodersDeclare() {
    assertEquals(DecodeTarget.forInputs(224, 64),
        ImageMedium.decodeTarget(List.of(encoder(Modality.IMAGE, new InputNeed.PictureSide(224)),
            encoder(Modality.AUDIO, new InputNeed.SoundSeconds(5))), 64));
    assertEquals(new DecodeTarget(0, DecodeTarget.DEFAULT_MAX_PIXELS),
        ImageMedium.decodeTarget(List.of(encoder(Modality.IMAGE, new InputNeed.PictureSide(224)), encoder(Modality.IMAGE, null)), 64));
    // Queries: a filtering decoder may go down to the encoders' side; full-resolution targets stay.
    Media forQueries = Media.of(List.of(encoder(Modality.IMAGE, new InputNeed.PictureSide(224))), MediaLimits.DEFAULTS, 64)
        .forQueries();
    assertEquals(new DecodeTarget(4 * 224, DecodeTarget.DEFAULT_MAX_PIXELS, 224),
        ((ImageMedium) forQueries.of(Modality.IMAGE).orElseThrow()).target());
    assertEquals(new DecodeTarget(0, DecodeTarget.DEFAULT_MAX_PIXELS),
        ((ImageMedium) Media.of(List.of(encoder(Modality.IMAGE, null)), MediaLimits.DEFAULTS, 64).forQueries()
            .of(Modality.IMAGE).orElseThrow()).target());
    AudioLimits sounds = new AudioLimits(3000, 20, 30);
    assertEquals(7.0, AudioMedium.keeping(List.of(encoder(Modality.AUDIO, new InputNeed.SoundSeconds(7)),
        encoder(Modality.IMAGE, new InputNeed.PictureSide(224))), sounds).keepSeconds());
    assertEquals(20.0, AudioMedium.keeping(List.of(encoder(Modality.AUDIO,
        new InputNeed.SoundSeconds(Double.POSITIVE_INFINITY))), sounds).keepSeconds());
    assertSame(sounds, AudioMedium.keeping(List.of(encoder(Modality.AUDIO, null)), sounds));
  }

  private static Encoder encoder(Modality modality, InputNeed need) {
    return new Encoder() {
      @Override
      public Modality modality() {
        return modality;
      }

      @Override
      public int dimension() {
        return 2;
      }

      @Override
      public Similarity similarity() {
        return Similarity.COSINE;
      }

      @Override
      public ModelIdentity identity() {
        return new ModelIdentity("fake", "0".repeat(64));
      }

      @Override
      public List<float[]> encode(List<? extends EncoderInput> inputs, Role role) {
        return inputs.stream().map(i -> new float[2]).toList();
      }

      @Override
      public Optional<InputNeed> reads() {
        return Optional.ofNullable(need);
      }

      @Override
      public void close() {}
    };
  }
}

package dev.mmsearch.extract.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VideoLimitsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    VideoLimits d = VideoLimits.DEFAULTS;
    assertEquals(256L << 20, d.maxBytes());
    assertEquals(10_800, d.maxSeconds());
    assertEquals(7680, d.maxWidth());
    assertEquals(4320, d.maxHeight());
    assertEquals(240, d.maxFps());
    assertEquals(200_000, d.maxFramesDecoded());
    assertEquals(1.0, d.sampleSeconds());
    assertEquals(720, d.maxSamples());
    assertEquals(10, d.maxMomentSeconds());
    assertEquals(32, d.maxMoments());
    assertEquals(2.0, d.embedEverySeconds());
    assertEquals(4, d.maxFramesPerMoment());
    assertEquals(320, d.frameSide());
    assertEquals(600, d.maxAudioSeconds());
  }

  @Test
  void theSampleIntervalGrowsSoLongVideosGetAtMostMaxSamples() {
    assertEquals(1.0, VideoLimits.DEFAULTS.sampleInterval(60));
    assertEquals(1.0, VideoLimits.DEFAULTS.sampleInterval(720));
    assertEquals(15.0, VideoLimits.DEFAULTS.sampleInterval(10_800));
  }

  @Test
  void picturesFitEitherWayRound() {
    assertTrue(VideoLimits.DEFAULTS.fits(7680, 4320));
    assertTrue(VideoLimits.DEFAULTS.fits(4320, 7680), "portrait 8K");
    assertFalse(VideoLimits.DEFAULTS.fits(7681, 4320));
    assertFalse(VideoLimits.DEFAULTS.fits(16384, 16384));
  }

  @Test
  void everyLimitIsValidated() {
    assertEquals("maxBytes must be at least 1, got: 0", assertThrows(IllegalArgumentException.class,
        () -> new VideoLimits(0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)).getMessage());
    assertEquals("sampleSeconds must be positive and finite, got: NaN", assertThrows(IllegalArgumentException.class,
        () -> new VideoLimits(1, 1, 1, 1, 1, 1, Double.NaN, 1, 1, 1, 1, 1, 1, 1)).getMessage());
    assertEquals("frameSide must be at least 1, got: -5", assertThrows(IllegalArgumentException.class,
        () -> new VideoLimits(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -5, 1)).getMessage());
    assertEquals("maxAudioSeconds must be positive and finite, got: Infinity", assertThrows(IllegalArgumentException.class,
        () -> new VideoLimits(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, Double.POSITIVE_INFINITY)).getMessage());
  }
}

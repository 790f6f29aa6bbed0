package dev.mmsearch.extract.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.extract.Audio;
import dev.mmsearch.extract.DecodeException;
import dev.mmsearch.extract.DecodeException.Reason;
import dev.mmsearch.testing.TestSounds;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The decoder on real clips (src/test/resources/video, from make-fixtures.sh): every accepted
 * container and codec, the sound track, shots and posters, orientation; cut, broken, mislabelled
 * and refused files; and every limit, checked before decoding.
 */
class VideoDecoderTest {

  private final VideoDecoder decoder = new VideoDecoder(VideoLimits.DEFAULTS);

  private static void assertCovers(Video v) {
    List<Segment> s = v.segments();
    assertEquals(0, s.get(0).start(), "the first moment starts at 0");
    assertEquals(v.seconds(), s.get(s.size() - 1).end(), 1e-9, "the last moment ends with the video");
    for (int i = 1; i < s.size(); i++) {
      assertEquals(s.get(i - 1).end(), s.get(i).start(), "no gap before moment " + i);
    }
    for (Segment segment : s) {
      for (VideoFrame f : segment.frames()) {
        BufferedImage image = f.image();
        assertEquals(BufferedImage.TYPE_INT_RGB, image.getType());
        assertTrue(Math.max(image.getWidth(), image.getHeight()) <= VideoLimits.DEFAULTS.frameSide());
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
    "h264-aac.mp4,     mp4,  h264, aac,    3.0,   44100",
    "h264.mov,         mov,  h264, aac,    2.0,   48000",
    "vp8-vorbis.webm,  webm, vp8,  vorbis, 2.003, 44100",
    "vp9-opus.webm,    webm, vp9,  opus,   2.008, 48000",
    "h265-aac.mkv,     mkv,  hevc, aac,    2.023, 44100",
    "av1-opus.mkv,     mkv,  av1,  opus,   2.008, 48000",
  })
  void everyContainerAndCodecDecodes(String file, String container, String video, String audio, double seconds, int rate)
      throws Exception {
    Video v = decoder.decode(Fixtures.bytes(file));
    assertEquals(container, v.container());
    assertEquals(video, v.videoCodec());
    assertEquals(audio, v.audioCodec());
    assertEquals(160, v.width());
    assertEquals(90, v.height());
    assertEquals(25, v.fps(), 1e-9);
    assertEquals(seconds, v.seconds(), 0.001);
    assertCovers(v);
    assertEquals(160, v.poster().getWidth(), "small frames are not enlarged");
    // the sound: a sine, mono, at the track's rate, as long as the video within an audio frame
    Audio a = v.audio();
    assertEquals(rate, a.sampleRate());
    assertEquals(seconds, a.seconds(), 0.07, "sound length");
    assertTrue(rms(a.samples()) > 0.05, "a sine at 1/8 scale, rms " + rms(a.samples()));
    // the poster is testsrc2 or colour bars: colourful, not grey
    assertTrue(Signature.colourDistance(TestPictures.signature(v.poster()), Signature.grey(128)) > 0.5);
  }

  @Test
  void fromAFileReadsAsFromMemory() throws Exception {
    Video fromFile = decoder.decode(Fixtures.path("vp9-opus.webm"));
    Video fromBytes = decoder.decode(Fixtures.bytes("vp9-opus.webm"));
    assertEquals(fromBytes.seconds(), fromFile.seconds());
    assertEquals(fromBytes.segments().size(), fromFile.segments().size());
    assertTrue(Arrays.equals(fromBytes.audio().samples(), fromFile.audio().samples()));
    assertTrue(samePixels(fromBytes.poster(), fromFile.poster()));
  }

  @Test
  void aLiveRecordingWithoutDurationOrIndexIsMeasured() throws Exception {
    // no duration in the header: the packets are walked (not decoded) to find the length
    Video v = decoder.decode(Fixtures.bytes("live.webm"));
    assertEquals("webm", v.container());
    assertEquals(2.0, v.seconds(), 0.05);
    assertCovers(v);
  }

  @Test
  void aVideoWithoutSoundHasNoAudio() throws Exception {
    Video v = decoder.decode(Fixtures.bytes("no-audio.mp4"));
    assertNull(v.audio());
    assertNull(v.audioCodec());
    assertEquals(2.0, v.seconds(), 1e-9);
  }

  @Test
  void stereoIsAveragedToMonoAtItsOwnRate() throws Exception {
    Audio a = decoder.decode(Fixtures.bytes("h264-aac.mp4")).audio();
    // ffmpeg's sine source: 440 Hz at 1/8 scale, mono; "-ac 2" copied it into both channels at
    // -3 dB; averaged back, that is a sine of amplitude 0.125 / sqrt(2), rms 0.0625
    assertEquals(0.0625, rms(Arrays.copyOfRange(a.samples(), 4410, 4410 * 20)), 0.005);
    int crossings = 0;
    float[] s = a.slice(0.5, 1.5);
    for (int i = 1; i < s.length; i++) {
      if (s[i - 1] < 0 && s[i] >= 0) {
        crossings++;
      }
    }
    assertEquals(440, crossings, 2);
    assertEquals(44100, s.length);
  }

  @Test
  void hardCutsAreFoundWithinOneSampleInterval() throws Exception {
    // cuts at exactly 3 s and 6 s; samples are 1 s apart
    Video v = decoder.decode(Fixtures.bytes("three-shots.mp4"));
    assertEquals(3, v.segments().size(), "" + v.segments());
    assertEquals(3.0, v.segments().get(1).start(), 1.0);
    assertEquals(6.0, v.segments().get(2).start(), 1.0);
    // every frame is decoded between samples here, so the cut lands on the first frame of the new shot
    assertEquals(3.0, v.segments().get(1).start(), 0.041);
    assertEquals(6.0, v.segments().get(2).start(), 0.041);
    assertCovers(v);
    // the three shots look different: test pattern, bars, fractal
    Signature first = TestPictures.signature(v.segments().get(0).frames().get(1).image());
    Signature second = TestPictures.signature(v.segments().get(1).frames().get(0).image());
    Signature third = TestPictures.signature(v.segments().get(2).frames().get(0).image());
    assertTrue(ShotDetector.DEFAULT.changed(first, second) && ShotDetector.DEFAULT.changed(second, third));
    // the poster is not the black first frame of the fade-in
    assertFalse(TestPictures.signature(v.poster()).uniform());
    assertEquals(22050, v.audio().sampleRate());
  }

  @Test
  void aSlowZoomWithAFadeIsOneShot() throws Exception {
    Video v = decoder.decode(Fixtures.bytes("slow-zoom.mp4"));
    assertEquals(1, v.segments().size());
    // 8 s: four frames (one per 2 s)
    assertEquals(List.of(1.0, 3.0, 5.0, 7.0), v.segments().get(0).frames().stream().map(VideoFrame::time).toList());
  }

  @Test
  void aBlackLeaderIsNeverThePosterNorAnEmbeddedFrame() throws Exception {
    Video v = decoder.decode(Fixtures.bytes("black-leader.mp4"));
    assertFalse(TestPictures.signature(v.poster()).uniform(), "the poster shows the bars");
    for (Segment s : v.segments()) {
      for (VideoFrame f : s.frames()) {
        assertFalse(TestPictures.signature(f.image()).uniform(), "frame at " + f.time() + " is black");
      }
    }
  }

  @Test
  void anUprightPhoneVideoIsTurned() throws Exception {
    Video v = decoder.decode(Fixtures.bytes("rotated.mp4"));
    assertEquals(90, v.width());
    assertEquals(160, v.height());
    BufferedImage p = v.poster();
    assertEquals(90, p.getWidth());
    assertEquals(160, p.getHeight());
    // colour bars turned a quarter clockwise: the grey bar at the top, blue at the bottom (as ffmpeg shows it)
    assertColour(0xC0C0C0, p.getRGB(70, 5));
    assertColour(0x0000C0, p.getRGB(70, 155));
  }

  @Test
  void ultraHdFramesAreScaledDown() throws Exception {
    Video v = decoder.decode(Fixtures.bytes("uhd.mp4"));
    assertEquals(3840, v.width());
    assertEquals(320, v.poster().getWidth());
    assertEquals(180, v.poster().getHeight());
  }

  @Test
  void anHourGetsAtMostMaxSamplesAndMaxMoments() throws Exception {
    Video v = decoder.decode(Fixtures.bytes("hour.mp4"));
    assertEquals(3600, v.seconds(), 1e-6);
    assertEquals(32, v.segments().size());
    assertCovers(v);
  }

  @Test
  void seekingKeepsFarApartSamplesCheap() throws Exception {
    // 1,800 frames (one per 2 s), a keyframe every 10. With a sample a minute the decoder seeks
    // to the keyframe before each (measured: 435 frames for 60 samples and 5 moments of one
    // frame), so 600 frames are enough; a sample every 5 s decodes all 1,800 and is refused.
    VideoLimits sparse = new VideoLimits(1 << 30, 10_800, 7680, 4320, 240, 600, 60, 720, 10, 4, 2, 1, 320, 60);
    Video v = new VideoDecoder(sparse).decode(Fixtures.bytes("hour.mp4"));
    assertEquals(3600, v.seconds(), 1e-6);
    assertEquals(4, v.segments().size());
    VideoLimits dense = new VideoLimits(1 << 30, 10_800, 7680, 4320, 240, 600, 5, 720, 10, 4, 2, 1, 320, 60);
    DecodeException e = assertThrows(DecodeException.class, () -> new VideoDecoder(dense).decode(Fixtures.bytes("hour.mp4")));
    assertEquals(Reason.TOO_LONG, e.reason());
    assertEquals("decoding needs more than 600 frames (the limit)", e.getMessage());
  }

  // ---- broken and mislabelled files -----------------------------------------------------

  @Test
  void aCutFileDecodesWhatItHolds() throws Exception {
    byte[] whole = Fixtures.bytes("h264-aac.mp4");
    Video v = decoder.decode(Arrays.copyOf(whole, whole.length / 2));
    assertTrue(v.seconds() > 0.3 && v.seconds() < 2.9, "seconds " + v.seconds());
    assertCovers(v);
  }

  @Test
  void aCutFileWithoutItsIndexIsTruncated() {
    // ffmpeg writes the index (moov) last unless told otherwise
    byte[] whole = Fixtures.bytes("no-audio.mp4");
    DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(Arrays.copyOf(whole, whole.length - 200)));
    assertEquals(Reason.TRUNCATED, e.reason());
    assertTrue(e.getMessage().contains("'moov'"), e.getMessage());
  }

  @Test
  void aFileCutInsideItsHeaderIsTruncated() {
    DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(Arrays.copyOf(Fixtures.bytes("vp8-vorbis.webm"), 300)));
    assertTrue(e.reason() == Reason.TRUNCATED || e.reason() == Reason.CORRUPT, e.reason() + ": " + e.getMessage());
    e = assertThrows(DecodeException.class, () -> decoder.decode(Arrays.copyOf(Fixtures.bytes("h264-aac.mp4"), 100)));
    assertEquals(Reason.TRUNCATED, e.reason(), e.getMessage());
  }

  @Test
  void randomBytesInTheMiddleDecodeOrFailAsCorrupt() throws Exception {
    Random random = new Random(26);
    for (String file : List.of("h264-aac.mp4", "vp9-opus.webm", "h265-aac.mkv", "av1-opus.mkv")) {
      for (int round = 0; round < 5; round++) {
        byte[] bytes = Fixtures.bytes(file);
        int from = bytes.length / 4 + random.nextInt(bytes.length / 2);
        for (int i = from; i < Math.min(bytes.length, from + 500); i++) {
          bytes[i] = (byte) random.nextInt();
        }
        try {
          assertCovers(decoder.decode(bytes));
        } catch (DecodeException e) {
          assertTrue(e.reason() == Reason.CORRUPT || e.reason() == Reason.TRUNCATED, file + ": " + e.reason() + " " + e.getMessage());
        }
      }
    }
  }

  @Test
  void garbageIsRefused() {
    byte[] garbage = new byte[10_000];
    new Random(1).nextBytes(garbage);
    DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(garbage));
    assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
    assertEquals("not a supported video container (MP4/MOV, WebM and MKV are)", e.getMessage());
    // an MP4 type box followed by garbage
    byte[] mp4 = Arrays.copyOf(Fixtures.bytes("h264-aac.mp4"), 10_000);
    new Random(2).nextBytes(garbage);
    System.arraycopy(garbage, 0, mp4, 32, mp4.length - 32);
    e = assertThrows(DecodeException.class, () -> decoder.decode(mp4));
    assertTrue(e.reason() == Reason.CORRUPT || e.reason() == Reason.TRUNCATED, e.reason() + ": " + e.getMessage());
  }

  @Test
  void theContentDecidesNotTheName(@TempDir Path dir) throws Exception {
    Path misnamed = dir.resolve("clip.webm");
    Files.write(misnamed, Fixtures.bytes("h264-aac.mp4"));
    assertEquals("mp4", decoder.decode(misnamed).container());
  }

  @ParameterizedTest
  @CsvSource({
    "refused.avi,    'the file is an AVI video, not a supported video (MP4/MOV, WebM and MKV are)'",
    "refused.flv,    'the file is an FLV video, not a supported video (MP4/MOV, WebM and MKV are)'",
    "refused.ts,     'the file is an MPEG transport stream, not a supported video (MP4/MOV, WebM and MKV are)'",
    "refused.gif,    'the file is a GIF image, not a supported video (MP4/MOV, WebM and MKV are)'",
    "sound-only.m4a, the mp4 file holds no video stream (only sound)",
  })
  void otherContainersAreRefusedByName(String file, String message) {
    DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(Fixtures.bytes(file)));
    assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
    assertEquals(message, e.getMessage());
  }

  @Test
  void picturesAndSoundsAreNotVideos() throws Exception {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(TestPictures.scene(1), "png", png);
    DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(png.toByteArray()));
    assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
    assertEquals("the file is a PNG image, not a supported video (MP4/MOV, WebM and MKV are)", e.getMessage());
    byte[] wav = TestSounds.wav16(8000, TestSounds.tone(800, 8000, 440, 0.5, 16));
    e = assertThrows(DecodeException.class, () -> decoder.decode(wav));
    assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
    assertEquals("the file is a WAV sound, not a supported video (MP4/MOV, WebM and MKV are)", e.getMessage());
  }

  // ---- limits, before decoding ----------------------------------------------------------

  @Test
  void limitsAreCheckedFromTheHeader() {
    assertRefused("day.mp4", Reason.TOO_LONG, "the video declares 86400.0 seconds, more than the limit of 10800.0");
    assertRefused("side-16384.mp4", Reason.TOO_MANY_PIXELS,
        "the video declares 16384x16384 pixels, more than the limit of 7680x4320");
    assertRefused("fps1000.mp4", Reason.TOO_LONG, "the video declares 1000.00 frames per second, more than the limit of 240.000");
  }

  @Test
  void bytesAndEmptinessAreCheckedFirst() {
    VideoDecoder small = new VideoDecoder(new VideoLimits(1000, 10_800, 7680, 4320, 240, 200_000, 1, 720, 10, 32, 2, 4, 320, 600));
    byte[] bytes = Fixtures.bytes("no-audio.mp4");
    DecodeException e = assertThrows(DecodeException.class, () -> small.decode(bytes));
    assertEquals(Reason.TOO_MANY_BYTES, e.reason());
    assertEquals("the video is " + bytes.length + " bytes, more than the limit of 1000", e.getMessage());
    e = assertThrows(DecodeException.class, () -> small.decode(Fixtures.path("no-audio.mp4")));
    assertEquals(Reason.TOO_MANY_BYTES, e.reason());
    e = assertThrows(DecodeException.class, () -> decoder.decode(new byte[0]));
    assertEquals(Reason.EMPTY, e.reason());
  }

  @Test
  void framesDecodedAreBounded() {
    VideoDecoder frugal = new VideoDecoder(new VideoLimits(1 << 30, 10_800, 7680, 4320, 240, 40, 1, 720, 10, 32, 2, 4, 320, 600));
    DecodeException e = assertThrows(DecodeException.class, () -> frugal.decode(Fixtures.bytes("h264-aac.mp4")));
    assertEquals(Reason.TOO_LONG, e.reason());
  }

  private void assertRefused(String file, Reason reason, String message) {
    DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(Fixtures.bytes(file)), file);
    assertEquals(reason, e.reason(), file);
    assertEquals(message, e.getMessage(), file);
  }

  // ---- helpers -----------------------------------------------------------------------------

  static double rms(float[] x) {
    double s = 0;
    for (float v : x) {
      s += v * v;
    }
    return Math.sqrt(s / x.length);
  }

  static boolean samePixels(BufferedImage a, BufferedImage b) {
    if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
      return false;
    }
    return Arrays.equals(a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth()),
        b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth()));
  }

  private static void assertColour(int expected, int actual) {
    for (int shift = 0; shift <= 16; shift += 8) {
      int e = (expected >> shift) & 0xFF;
      int a = (actual >> shift) & 0xFF;
      assertTrue(Math.abs(e - a) <= 40, String.format("expected about #%06X, got #%06X", expected, actual & 0xFFFFFF));
    }
  }
}

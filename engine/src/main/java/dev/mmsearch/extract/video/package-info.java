/**
 * Video: decoding through FFmpeg ({@link dev.mmsearch.extract.video.VideoDecoder}, with its
 * {@link dev.mmsearch.extract.video.VideoLimits}) into a {@link dev.mmsearch.extract.video.Video} of
 * moments ({@link dev.mmsearch.extract.video.Segment}), the frames that embed them
 * ({@link dev.mmsearch.extract.video.VideoFrame}), a poster and the sound track as an
 * {@link dev.mmsearch.extract.Audio}; and the pure-Java steps in between, usable and tested without
 * FFmpeg: {@link dev.mmsearch.extract.video.Signature}, {@link dev.mmsearch.extract.video.ShotDetector}
 * and {@link dev.mmsearch.extract.video.Segmenter}.
 *
 * <p>This package uses {@code dev.mmsearch.extract} (decode errors, sound); nothing there uses it,
 * so image and sound decoding never load FFmpeg. Encoding frames and indexing moments are not here.
 */
package dev.mmsearch.extract.video;

package dev.mmsearch.ingest;

import dev.mmsearch.derive.DerivedMetadata;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.index.ItemState;
import java.util.Map;

/**
 * An item read, hashed, decoded and prepared for each encoder (on a decode thread, so the encoder
 * thread only runs inference), waiting for the encoder.
 *
 * @param inputs per modality the item has, its prepared input per encoder of that modality
 * @param existing what the index held for the id, or null
 * @param thumbnail the preview JPEG, or null
 * @param derived metadata derived from the media decoded this time ({@link DerivedMetadata}; none when nothing was)
 * @param fileKeys the identity of each of its files, by modality id
 * @param timeline a video's moments, prepared for the encoders that embed them, or null
 * @param pictureText the text read in its picture this time, or null when it was not read this time
 */
record PreparedItem(SourceItem item, String hash, ItemState existing, Map<Modality, Map<Encoder, EncoderInput>> inputs,
    byte[] thumbnail, DerivedMetadata derived, Map<String, String> fileKeys, PreparedTimeline timeline,
    dev.mmsearch.derive.ocr.PictureText pictureText) {

  /** An item without a video. */
  PreparedItem(SourceItem item, String hash, ItemState existing, Map<Modality, Map<Encoder, EncoderInput>> inputs,
      byte[] thumbnail, DerivedMetadata derived, Map<String, String> fileKeys) {
    this(item, hash, existing, inputs, thumbnail, derived, fileKeys, null, null);
  }

  /**
   * A video's moments (times and previews) and their inputs prepared for the encoders: not the
   * decoded frames and sound, which are garbage once prepared.
   */
  record PreparedTimeline(java.util.List<MomentTimes> moments, dev.mmsearch.encode.TimelineEncoding.Prepared prepared) {
    static PreparedTimeline of(EncoderInput.Timeline t, dev.mmsearch.encode.TimelineEncoding.Prepared prepared) {
      return new PreparedTimeline(t.moments().stream().map(m -> new MomentTimes(m.start(), m.end(), m.preview())).toList(),
          prepared);
    }
  }

  /** A moment's time range and preview. */
  record MomentTimes(double start, double end, byte[] preview) {}

  /** Whether the index already holds this content (its identity may have changed). */
  boolean sameContent() {
    return existing != null && ContentHash.sameContent(existing.contentHash(), hash);
  }
}

package dev.mmsearch.cli;

import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Role;
import dev.mmsearch.extract.AudioLimits;
import dev.mmsearch.extract.DecodeException;
import dev.mmsearch.extract.ImageLimits;
import dev.mmsearch.ingest.ErrorReport;
import dev.mmsearch.ingest.IngestError;
import dev.mmsearch.ingest.SourceItem;
import dev.mmsearch.media.Media;
import dev.mmsearch.media.Medium;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Captioned media (pictures or sounds) embedded once for training or evaluation: media vectors
 * from one encoder, caption vectors (query role: captions stand for what people type) from another.
 */
record CaptionedSet(List<SourceItem> items, List<float[]> media, List<float[]> texts) {

  static final int BATCH = 32;

  /** Embeds without a cache. */
  static CaptionedSet embed(List<SourceItem> items, Encoder encoder, Encoder text, ErrorReport errors, PrintWriter log) {
    return embed(items, encoder, FeatureCache.none(), text, FeatureCache.none(), errors, log);
  }

  /**
   * Embeds the file of {@code encoder}'s modality of each item, and its caption; undecodable items
   * are reported and left out. Vectors found in the caches are reused, new ones are stored there.
   */
  static CaptionedSet embed(List<SourceItem> items, Encoder encoder, FeatureCache mediaCache, Encoder text,
      FeatureCache textCache, ErrorReport errors, PrintWriter log) {
    Medium medium = Media.of(List.of(encoder), ImageLimits.DEFAULTS, AudioLimits.DEFAULTS, 0).of(encoder.modality())
        .orElseThrow(() -> new IllegalArgumentException(encoder.modality().id() + " is not a file medium"));
    List<SourceItem> kept = new ArrayList<>();
    List<float[]> mediaVectors = new ArrayList<>();
    List<float[]> textVectors = new ArrayList<>();
    long t0 = System.nanoTime();
    int computed = 0;
    for (int from = 0; from < items.size(); from += BATCH) {
      List<SourceItem> batch = items.subList(from, Math.min(items.size(), from + BATCH));
      List<SourceItem> ok = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      List<String> missingKeys = new ArrayList<>();
      List<Integer> missingAt = new ArrayList<>();
      List<EncoderInput> inputs = new ArrayList<>();
      for (SourceItem it : batch) {
        Path file = it.file(medium.modality());
        try {
          byte[] bytes = medium.read(file);
          String key = FeatureCache.key(bytes);
          float[] cached = mediaCache.get(key);
          if (cached == null) {
            inputs.add(encoder.prepare(medium.decode(bytes)));
            missingKeys.add(key);
            missingAt.add(ok.size());
          }
          vectors.add(cached);
          ok.add(it);
        } catch (DecodeException e) {
          errors.add(new IngestError(file.toString(), "decode", e.reason().name(), e.getMessage()));
        } catch (IOException e) {
          errors.add(new IngestError(file.toString(), "read", "UNREADABLE", e.toString()));
        }
      }
      if (ok.isEmpty()) {
        continue;
      }
      List<float[]> fresh = encoder.encode(inputs, Role.DOCUMENT);
      for (int i = 0; i < fresh.size(); i++) {
        vectors.set(missingAt.get(i), fresh.get(i));
        mediaCache.put(missingKeys.get(i), fresh.get(i));
      }
      computed += fresh.size();
      mediaVectors.addAll(vectors);
      textVectors.addAll(captionVectors(ok, text, textCache));
      kept.addAll(ok);
      if ((from / BATCH) % 20 == 19) {
        log.printf("  embedded %d/%d, %d computed (%.0f s)%n", kept.size(), items.size(), computed, (System.nanoTime() - t0) / 1e9);
        log.flush();
      }
    }
    return new CaptionedSet(kept, mediaVectors, textVectors);
  }

  /** Caption vectors in the query role (captions stand for what people type), through the cache. */
  private static List<float[]> captionVectors(List<SourceItem> items, Encoder text, FeatureCache cache) {
    List<float[]> vectors = new ArrayList<>();
    List<String> missingKeys = new ArrayList<>();
    List<Integer> missingAt = new ArrayList<>();
    List<EncoderInput> inputs = new ArrayList<>();
    for (SourceItem it : items) {
      String key = FeatureCache.key(("query\u0000" + it.text()).getBytes(StandardCharsets.UTF_8));
      float[] cached = cache.get(key);
      if (cached == null) {
        inputs.add(new EncoderInput.Text(it.text()));
        missingKeys.add(key);
        missingAt.add(vectors.size());
      }
      vectors.add(cached);
    }
    List<float[]> fresh = text.encode(inputs, Role.QUERY);
    for (int i = 0; i < fresh.size(); i++) {
      vectors.set(missingAt.get(i), fresh.get(i));
      cache.put(missingKeys.get(i), fresh.get(i));
    }
    return vectors;
  }

  List<String> captions() {
    return items.stream().map(SourceItem::text).toList();
  }
}

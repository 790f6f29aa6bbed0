package dev.mmsearch.cli;

import dev.mmsearch.media.MediaLimits;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.Role;
import dev.mmsearch.extract.DecodeException;
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
 * Without a text encoder ({@link #media(List, Encoder, FeatureCache, ErrorReport, PrintWriter)})
 * captions are not needed and {@code texts} is empty.
 */
record CaptionedSet(List<SourceItem> items, List<float[]> media, List<float[]> texts) {

  static final int BATCH = 32;

  /** Embeds without a cache. */
  static CaptionedSet embed(List<SourceItem> items, Encoder encoder, Encoder text, ErrorReport errors, PrintWriter log) {
    return embed(items, encoder, FeatureCache.none(), text, FeatureCache.none(), errors, log);
  }

  /** Embeds only the media files (for fitting on pictures without captions); {@code texts} stays empty. */
  static CaptionedSet media(List<SourceItem> items, Encoder encoder, FeatureCache mediaCache, ErrorReport errors, PrintWriter log) {
    return embed(items, encoder, mediaCache, null, FeatureCache.none(), errors, log);
  }

  /**
   * Embeds the file of {@code encoder}'s modality of each item, and its caption when {@code text}
   * is given; undecodable items are reported and left out. Vectors found in the caches are reused,
   * new ones are stored there.
   */
  static CaptionedSet embed(List<SourceItem> items, Encoder encoder, FeatureCache mediaCache, Encoder text,
      FeatureCache textCache, ErrorReport errors, PrintWriter log) {
    return embed(items, encoder, mediaCache, text, textCache, false, errors, log);
  }

  /**
   * As {@link #embed(List, Encoder, FeatureCache, Encoder, FeatureCache, ErrorReport, PrintWriter)},
   * of each picture's mirror image when {@code mirrored} (training augmentation: a left-right flip
   * keeps what a caption says about most pictures).
   */
  static CaptionedSet embed(List<SourceItem> items, Encoder encoder, FeatureCache mediaCache, Encoder text,
      FeatureCache textCache, boolean mirrored, ErrorReport errors, PrintWriter log) {
    if (mirrored && encoder.modality() != Modality.IMAGE) {
      throw new IllegalArgumentException("only pictures can be mirrored, not " + encoder.modality().id());
    }
    Medium medium = Media.of(List.of(encoder), MediaLimits.DEFAULTS, 0).of(encoder.modality())
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
          String key = mediaCache.enabled() ? FeatureCache.key(bytes) + (mirrored ? "/mirrored" : "") : null;
          float[] cached = key == null ? null : mediaCache.get(key);
          if (cached == null) {
            EncoderInput prepared = encoder.prepare(medium.decode(bytes));
            inputs.add(mirrored ? mirror(prepared) : prepared);
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
      if (text != null) {
        textVectors.addAll(captionVectors(ok, text, textCache));
      }
      kept.addAll(ok);
      if ((from / BATCH) % 20 == 19) {
        log.printf("  embedded %d/%d, %d computed (%.0f s)%n", kept.size(), items.size(), computed, (System.nanoTime() - t0) / 1e9);
        log.flush();
      }
    }
    log.printf("  embedded %d/%d%s, %d computed (%.0f s)%n", kept.size(), items.size(), mirrored ? " mirrored" : "", computed,
        (System.nanoTime() - t0) / 1e9);
    log.flush();
    return new CaptionedSet(kept, mediaVectors, textVectors);
  }

  /** The left-right mirror image of a decoded or prepared picture. */
  static EncoderInput mirror(EncoderInput picture) {
    return switch (picture) {
      case EncoderInput.PreparedImage p -> {
        byte[] flipped = new byte[p.rgb().length];
        int w = p.width();
        for (int y = 0; y < p.height(); y++) {
          for (int x = 0; x < w; x++) {
            System.arraycopy(p.rgb(), (y * w + x) * 3, flipped, (y * w + (w - 1 - x)) * 3, 3);
          }
        }
        yield new EncoderInput.PreparedImage(flipped, w, p.height(), p.preparedBy());
      }
      case EncoderInput.Image i -> {
        java.awt.image.BufferedImage src = i.image();
        java.awt.image.BufferedImage dst = new java.awt.image.BufferedImage(src.getWidth(), src.getHeight(),
            java.awt.image.BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < src.getHeight(); y++) {
          for (int x = 0; x < src.getWidth(); x++) {
            dst.setRGB(src.getWidth() - 1 - x, y, src.getRGB(x, y));
          }
        }
        yield new EncoderInput.Image(dst);
      }
      default -> throw new IllegalArgumentException("not a picture: " + picture.getClass().getSimpleName());
    };
  }

  /** Caption vectors in the query role (captions stand for what people type), through the cache. */
  private static List<float[]> captionVectors(List<SourceItem> items, Encoder text, FeatureCache cache) {
    List<float[]> vectors = new ArrayList<>();
    List<String> missingKeys = new ArrayList<>();
    List<Integer> missingAt = new ArrayList<>();
    List<EncoderInput> inputs = new ArrayList<>();
    for (SourceItem it : items) {
      String key = cache.enabled() ? FeatureCache.key(("query\u0000" + it.text()).getBytes(StandardCharsets.UTF_8)) : null;
      float[] cached = key == null ? null : cache.get(key);
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

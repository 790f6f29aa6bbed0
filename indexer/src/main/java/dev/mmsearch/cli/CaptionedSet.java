package dev.mmsearch.cli;

import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Role;
import dev.mmsearch.extract.DecodeException;
import dev.mmsearch.extract.ImageDecoder;
import dev.mmsearch.extract.ImageLimits;
import dev.mmsearch.ingest.ErrorReport;
import dev.mmsearch.ingest.IngestError;
import dev.mmsearch.ingest.SourceItem;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Captioned images embedded once for training or evaluation: image vectors from one encoder,
 * caption vectors (query role: captions stand for what people type) from another.
 */
record CaptionedSet(List<SourceItem> items, List<float[]> images, List<float[]> texts) {

  static final int BATCH = 32;

  static CaptionedSet embed(List<SourceItem> items, Encoder image, Encoder text, ErrorReport errors, PrintWriter log) {
    ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULTS);
    List<SourceItem> kept = new ArrayList<>();
    List<float[]> imageVectors = new ArrayList<>();
    List<float[]> textVectors = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int from = 0; from < items.size(); from += BATCH) {
      List<SourceItem> batch = items.subList(from, Math.min(items.size(), from + BATCH));
      List<SourceItem> ok = new ArrayList<>();
      List<EncoderInput> pixels = new ArrayList<>();
      for (SourceItem it : batch) {
        try {
          pixels.add(image.prepare(new EncoderInput.Image(decoder.decode(it.image()))));
          ok.add(it);
        } catch (DecodeException e) {
          errors.add(new IngestError(it.source(), "decode", e.reason().name(), e.getMessage()));
        } catch (IOException e) {
          errors.add(new IngestError(it.source(), "read", "UNREADABLE", e.toString()));
        }
      }
      if (ok.isEmpty()) {
        continue;
      }
      imageVectors.addAll(image.encode(pixels, Role.DOCUMENT));
      textVectors.addAll(text.encode(ok.stream().map(i -> (EncoderInput) new EncoderInput.Text(i.text())).toList(), Role.QUERY));
      kept.addAll(ok);
      if ((from / BATCH) % 20 == 19) {
        log.printf("  embedded %d/%d (%.0f s)%n", kept.size(), items.size(), (System.nanoTime() - t0) / 1e9);
        log.flush();
      }
    }
    return new CaptionedSet(kept, imageVectors, textVectors);
  }

  List<String> captions() {
    return items.stream().map(SourceItem::text).toList();
  }
}

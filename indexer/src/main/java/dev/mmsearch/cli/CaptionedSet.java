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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Captioned media (pictures or sounds) embedded once for training or evaluation: media vectors
 * from one encoder, caption vectors (query role: captions stand for what people type) from another.
 */
record CaptionedSet(List<SourceItem> items, List<float[]> media, List<float[]> texts) {

  static final int BATCH = 32;

  /** Embeds the file of {@code encoder}'s modality of each item, and its caption; undecodable items are reported and left out. */
  static CaptionedSet embed(List<SourceItem> items, Encoder encoder, Encoder text, ErrorReport errors, PrintWriter log) {
    Medium medium = Media.of(List.of(encoder), ImageLimits.DEFAULTS, AudioLimits.DEFAULTS, 0).of(encoder.modality())
        .orElseThrow(() -> new IllegalArgumentException(encoder.modality().id() + " is not a file medium"));
    List<SourceItem> kept = new ArrayList<>();
    List<float[]> mediaVectors = new ArrayList<>();
    List<float[]> textVectors = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int from = 0; from < items.size(); from += BATCH) {
      List<SourceItem> batch = items.subList(from, Math.min(items.size(), from + BATCH));
      List<SourceItem> ok = new ArrayList<>();
      List<EncoderInput> inputs = new ArrayList<>();
      for (SourceItem it : batch) {
        Path file = it.file(medium.modality());
        try {
          inputs.add(encoder.prepare(medium.decode(medium.read(file))));
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
      mediaVectors.addAll(encoder.encode(inputs, Role.DOCUMENT));
      textVectors.addAll(text.encode(ok.stream().map(i -> (EncoderInput) new EncoderInput.Text(i.text())).toList(), Role.QUERY));
      kept.addAll(ok);
      if ((from / BATCH) % 20 == 19) {
        log.printf("  embedded %d/%d (%.0f s)%n", kept.size(), items.size(), (System.nanoTime() - t0) / 1e9);
        log.flush();
      }
    }
    return new CaptionedSet(kept, mediaVectors, textVectors);
  }

  List<String> captions() {
    return items.stream().map(SourceItem::text).toList();
  }
}

package dev.mmsearch.cli;

import dev.mmsearch.media.MediaLimits;
import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Space;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.ingest.ErrorReport;
import dev.mmsearch.ingest.Inputs;
import dev.mmsearch.ingest.SourceItem;
import dev.mmsearch.train.PaletteRetrieval;
import dev.mmsearch.train.RetrievalMetrics;
import dev.mmsearch.derive.Palette;
import dev.mmsearch.derive.PaletteEncoder;
import dev.mmsearch.extract.DecodeException;
import dev.mmsearch.ingest.IngestError;
import dev.mmsearch.media.Media;
import dev.mmsearch.media.Medium;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mmsearch eval}: retrieval quality of a catalog's space on a captioned set. For each medium
 * the space encodes (pictures, sounds): text→medium and medium→text recall@1/5/10 and MRR
 * (relevant = same caption); between two media, by shared item (a sound finds the picture of its
 * own item: audio→image, image→audio); image→image by category where items carry one. Chance levels
 * alongside each row.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Measure text→image, image→text, text→audio, audio→text, audio→image, image→audio and image→image",
        "retrieval on captioned manifests or folders, for whichever of these the space encodes;",
        "for a palette space, palette→palette retrieval against a palette distance (--palette-within)."})
final class EvalCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--catalog", required = true)
  Path catalog;

  @Option(names = "--space", required = true, description = "Space with a text encoder and image and/or audio encoders (e.g. clip, bind).")
  String space;

  @Option(names = "--image-space", description = "Space for image→image by category (default: --space).")
  String imageSpace;

  @Option(names = "--category", defaultValue = "category", description = "Metadata key holding the category. Default: ${DEFAULT-VALUE}.")
  String categoryKey;

  @Option(names = "--palette-within", defaultValue = "15", paramLabel = "DELTA_E",
      description = "Palette task (a --space with \"derived\": \"palette\"): pictures whose palettes lie within this distance "
          + "(ΔE, Palette#distance) of the query's count as relevant. Default: ${DEFAULT-VALUE}.")
  double paletteWithin;

  @Option(names = "--palette-queries", defaultValue = "1000", description = "Palette task: queries drawn. Default: ${DEFAULT-VALUE}.")
  int paletteQueries;

  @Mixin
  MediaInputs inputs;

  private final Map<String, FeatureCache> caches = new HashMap<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Spaces spaces = Spaces.load(Catalog.load(catalog), EncoderOptions.DEFAULTS); ErrorReport errors = new ErrorReport(null)) {
      Space s = spaces.get(space);
      if (s.encoder(Modality.IMAGE) instanceof PaletteEncoder palette) {
        List<Palette> palettes = palettes(Inputs.withFile(Modality.IMAGE, inputs.dirs, inputs.manifests, errors), palette, errors);
        out.println(PaletteRetrieval.measure(palettes, paletteWithin, paletteQueries, 42).row());
        out.printf("%d pictures; relevant: palette distance <= %.1f dE; %d inputs skipped%n", palettes.size(), paletteWithin,
            errors.count());
        return 0;
      }
      Encoder text = require(s, Modality.TEXT);
      List<Modality> media = s.modalities().stream().filter(m -> m != Modality.TEXT).sorted().toList();
      if (media.isEmpty()) {
        throw new IllegalArgumentException("space '" + s.name() + "' has no image or audio encoder");
      }
      Map<Modality, CaptionedSet> sets = new EnumMap<>(Modality.class);
      out.println(RetrievalMetrics.header());
      for (Modality m : media) {
        CaptionedSet set = CaptionedSet.embed(Inputs.captioned(m, inputs.dirs, inputs.manifests, errors), s.encoder(m), cacheOf(s.encoder(m)), text,
            cacheOf(text), errors, out);
        sets.put(m, set);
        if (set.items().isEmpty()) {
          out.println("no captioned " + m.id() + " items");
          continue;
        }
        out.println(RetrievalMetrics.of(set.texts(), set.captions(), set.media(), set.captions(), false).row("text→" + m.id()));
        out.println(RetrievalMetrics.of(set.media(), set.captions(), set.texts(), set.captions(), false).row(m.id() + "→text"));
      }
      for (Modality from : media) {
        for (Modality to : media) {
          if (from != to) {
            sharedItems(sets.get(from), sets.get(to), from.id() + "→" + to.id(), out);
          }
        }
      }
      CaptionedSet images = sets.get(Modality.IMAGE);
      if (images != null) {
        List<String> categories = images.items().stream()
            .map(i -> i.metadata().getOrDefault(categoryKey, List.of()).stream().findFirst().orElse(null)).toList();
        if (categories.stream().filter(java.util.Objects::nonNull).distinct().count() > 1) {
          Encoder img = imageSpace == null ? s.encoder(Modality.IMAGE) : require(spaces.get(imageSpace), Modality.IMAGE);
          List<float[]> vectors = img == s.encoder(Modality.IMAGE) ? images.media()
              : CaptionedSet.embed(images.items(), img, cacheOf(img), text, cacheOf(text), errors, out).media();
          out.println(RetrievalMetrics.of(vectors, categories, vectors, categories, true).row("image→image"));
        }
      }
      if (errors.count() > 0) {
        out.println(errors.count() + " inputs skipped");
      }
    } finally {
      for (FeatureCache c : caches.values()) {
        c.close();
      }
    }
    return 0;
  }

  /** Every readable picture's palette, as the palette space extracts it at index time. */
  private static List<Palette> palettes(List<SourceItem> items, PaletteEncoder encoder, ErrorReport errors) {
    Medium medium = Media.of(List.of(encoder), MediaLimits.DEFAULTS, 0).of(Modality.IMAGE).orElseThrow();
    List<Palette> out = new ArrayList<>();
    for (SourceItem item : items) {
      Path file = item.file(Modality.IMAGE);
      try {
        out.add(PaletteEncoder.paletteOf(encoder.prepare(medium.decode(medium.read(file)))));
      } catch (DecodeException e) {
        errors.add(new IngestError(file.toString(), "decode", e.reason().name(), e.getMessage()));
      } catch (java.io.IOException e) {
        errors.add(new IngestError(file.toString(), "read", "UNREADABLE", e.toString()));
      }
    }
    return out;
  }

  /** The cache of an encoder's vectors (a no-op without {@code --cache}); one per model, opened once. */
  private FeatureCache cacheOf(Encoder encoder) throws java.io.IOException {
    if (inputs.cache == null) {
      return FeatureCache.none();
    }
    String key = encoder.identity().name() + "@" + encoder.identity().sha256();
    FeatureCache c = caches.get(key);
    if (c == null) {
      c = FeatureCache.open(inputs.cache, encoder.identity(), "embeddings");
      caches.put(key, c);
    }
    return c;
  }

  /** Items in both sets: each query's own item is the one relevant answer among the other set's items. */
  private static void sharedItems(CaptionedSet queries, CaptionedSet candidates, String name, PrintWriter out) {
    Set<String> both = new HashSet<>(candidates.items().stream().map(SourceItem::id).toList());
    both.retainAll(queries.items().stream().map(SourceItem::id).toList());
    if (both.isEmpty()) {
      return;
    }
    List<float[]> q = new ArrayList<>();
    List<String> qIds = new ArrayList<>();
    for (int i = 0; i < queries.items().size(); i++) {
      if (both.contains(queries.items().get(i).id())) {
        q.add(queries.media().get(i));
        qIds.add(queries.items().get(i).id());
      }
    }
    List<String> cIds = candidates.items().stream().map(SourceItem::id).toList();
    out.println(RetrievalMetrics.of(q, qIds, candidates.media(), cIds, false).row(name));
  }

  private static Encoder require(Space s, Modality m) {
    Encoder e = s.encoder(m);
    if (e == null) {
      throw new IllegalArgumentException("space '" + s.name() + "' has no " + m.id() + " encoder");
    }
    return e;
  }
}

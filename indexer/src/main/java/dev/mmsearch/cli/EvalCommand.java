package dev.mmsearch.cli;

import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Space;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.ingest.ErrorReport;
import dev.mmsearch.ingest.Inputs;
import dev.mmsearch.ingest.SourceItem;
import dev.mmsearch.train.RetrievalMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mmsearch eval}: retrieval quality of a catalog's spaces on a captioned set: text→image and
 * image→text recall@1/5/10 and MRR (relevant = same caption), and image→image by category where
 * items carry one; chance levels alongside.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Measure text→image, image→text and image→image retrieval on a captioned manifest or folder.")
final class EvalCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--catalog", required = true)
  Path catalog;

  @Option(names = "--space", required = true, description = "Space with text and image encoders (e.g. clip).")
  String space;

  @Option(names = "--image-space", description = "Space for image→image by category (default: --space).")
  String imageSpace;

  @Option(names = "--category", defaultValue = "category", description = "Metadata key holding the category. Default: ${DEFAULT-VALUE}.")
  String categoryKey;

  @Option(names = "--manifest", description = "Captioned JSONL manifests (repeatable).")
  List<Path> manifests = new ArrayList<>();

  @Option(names = "--dir", description = "Folders with captions (repeatable).")
  List<Path> dirs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Spaces spaces = Spaces.load(Catalog.load(catalog), EncoderOptions.DEFAULTS); ErrorReport errors = new ErrorReport(null)) {
      Space s = spaces.get(space);
      Encoder image = require(s, Modality.IMAGE);
      Encoder text = require(s, Modality.TEXT);
      List<SourceItem> items = Inputs.captionedImages(dirs, manifests, errors);
      CaptionedSet set = CaptionedSet.embed(items, image, text, errors, out);
      out.println(RetrievalMetrics.header());
      out.println(RetrievalMetrics.of(set.texts(), set.captions(), set.images(), set.captions(), false).row("text→image"));
      out.println(RetrievalMetrics.of(set.images(), set.captions(), set.texts(), set.captions(), false).row("image→text"));
      List<String> categories = set.items().stream()
          .map(i -> i.metadata().getOrDefault(categoryKey, List.of()).stream().findFirst().orElse(null)).toList();
      if (categories.stream().anyMatch(java.util.Objects::nonNull)) {
        Encoder img = imageSpace == null ? image : require(spaces.get(imageSpace), Modality.IMAGE);
        List<float[]> vectors = img == image ? set.images() : CaptionedSet.embed(set.items(), img, text, errors, out).images();
        out.println(RetrievalMetrics.of(vectors, categories, vectors, categories, true).row("image→image"));
      }
      if (errors.count() > 0) {
        out.println(errors.count() + " inputs skipped");
      }
    }
    return 0;
  }

  private static Encoder require(Space s, Modality m) {
    Encoder e = s.encoder(m);
    if (e == null) {
      throw new IllegalArgumentException("space '" + s.name() + "' has no " + m.id() + " encoder");
    }
    return e;
  }
}

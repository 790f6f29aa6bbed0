package dev.mmsearch.cli;

import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.IndexBackend;
import dev.mmsearch.index.ItemReader;
import dev.mmsearch.index.VectorFieldSpec;
import dev.mmsearch.predict.MetadataFeatures;
import dev.mmsearch.predict.Predictor;
import dev.mmsearch.predict.Predictors;
import dev.mmsearch.train.AdapterTrainer;
import dev.mmsearch.train.PredictorFitter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mmsearch train-predictor}: learns, from an index's own items, to predict a visual field's
 * embedding from the palette field or from the look numbers, measures on held-out items whether
 * the prediction finds similar-looking pictures better than the direct route, and stores the
 * predictor in the index folder ({@link PredictorFitter}, {@link Predictor}). Reads the index
 * only; the search API loads predictors when it starts.
 */
@Command(name = "train-predictor", mixinStandardHelpOptions = true,
    description = {"Learn to predict a visual field's embedding from the palette or the look numbers, on the index's own items,",
        "so palette and metadata queries can search where pictures are compared by what they show.",
        "Prints held-out figures per route and stores the predictor in the index; restart the API to use it."})
final class TrainPredictorCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Option(names = "--from", required = true, description = "Source: a palette vector field (e.g. palette.image) or 'metadata'.")
  String from;

  @Option(names = "--to", required = true, description = "Visual vector field to predict (e.g. clip.image).")
  String to;

  @Option(names = "--heldout-share", defaultValue = "0.2", description = "Share of items held out to measure. Default: ${DEFAULT-VALUE}.")
  double heldoutShare;

  // Defaults chosen on the bundle's collection (docs/quality.md, "Palette and metadata → visual
  // embedding"): a linear map found 0.100 of the visual neighbours where this MLP finds 0.225.
  @Option(names = "--epochs", defaultValue = "40", description = "Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--temperature", defaultValue = "0.1", description = "Default: ${DEFAULT-VALUE}.")
  double temperature;

  @Option(names = "--hidden", defaultValue = "1024", description = "Hidden layer width (0: a linear map). Default: ${DEFAULT-VALUE}.")
  int hidden;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Override
  public Integer call() throws Exception {
    PrintWriter log = spec.commandLine().getOut();
    boolean metadata = from.equals(Predictor.METADATA);
    IndexBackend backend = common.backend();
    // Predictors are files beside the index, read by the API at start: only an embedded index has a folder.
    Path indexDir = backend.folder().orElseThrow(() -> new ParameterException(spec.commandLine(),
        "train-predictor writes the predictor beside an embedded index; " + common.index + " is a cluster"));
    if (!Files.isDirectory(indexDir)) {
      throw new ParameterException(spec.commandLine(), "no index at " + common.index);
    }
    try (Spaces spaces = Spaces.load(Catalog.load(common.catalog), EncoderOptions.DEFAULTS);
        ItemReader index = backend.openForReading(spaces.schema(), Duration.ZERO)) {
      IndexSchema schema = index.schema();
      VectorFieldSpec target = field(schema, to);
      VectorFieldSpec source = metadata ? null : field(schema, from);
      List<String> ids = new ArrayList<>();
      index.forEachItem((id, src) -> ids.add(id));
      List<PredictorFitter.Example> examples = new ArrayList<>();
      for (String id : ids) {
        Optional<float[]> t = index.vector(id, to);
        if (t.isEmpty()) {
          continue;
        }
        if (metadata) {
          Item item = index.get(id).orElse(null);
          float[] features = item == null ? null : MetadataFeatures.of(item.numbers());
          if (features != null) {
            examples.add(new PredictorFitter.Example(id, features, t.get(), item.numbers()));
          }
        } else {
          index.vector(id, from).ifPresent(s -> examples.add(new PredictorFitter.Example(id, s, t.get(), java.util.Map.of())));
        }
      }
      log.printf("%d of %d items have both %s and %s%n", examples.size(), ids.size(), from, to);
      AdapterTrainer.Options defaults = AdapterTrainer.Options.defaults();
      AdapterTrainer.Options options = new AdapterTrainer.Options(epochs, defaults.batchSize(), defaults.learningRate(), temperature,
          hidden, defaults.weightDecay(), seed);
      PredictorFitter.Result result = new PredictorFitter(metadata, heldoutShare, options).fit(examples, line -> {
        log.println(line);
        log.flush();
      });
      Predictor predictor = new Predictor(from, metadata ? Predictor.METADATA_IDENTITY : source.model(), to, target.space(),
          target.model(), result.preferred(), result.adapter(), result.report());
      Path folder = indexDir.resolve(Predictors.FOLDER).resolve(Predictor.folderName(from, to));
      Files.createDirectories(folder.getParent());
      predictor.write(folder);
      log.printf("wrote %s; queries from %s take the route '%s' unless they name one%n", folder, from, result.preferred().id());
    }
    return 0;
  }

  private VectorFieldSpec field(IndexSchema schema, String name) {
    VectorFieldSpec f = schema.fields().get(name);
    if (f == null) {
      throw new ParameterException(spec.commandLine(), "the index has no vector field '" + name + "' (fields: "
          + schema.fields().keySet() + ")");
    }
    return f;
  }
}

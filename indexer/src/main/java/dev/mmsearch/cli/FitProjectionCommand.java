package dev.mmsearch.cli;

import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.ModelFolder;
import dev.mmsearch.ingest.ErrorReport;
import dev.mmsearch.ingest.Inputs;
import dev.mmsearch.train.ProjectionFitter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mmsearch fit-projection}: learns a PCA projection of an image backbone's features from a
 * collection's pictures (captions not needed) and writes a model folder for an image→image space:
 * shorter vectors that keep what tells pictures apart (see {@link ProjectionFitter}).
 */
@Command(name = "fit-projection", mixinStandardHelpOptions = true,
    description = {"Fit a PCA projection of an image backbone's features on your pictures (no captions needed).",
        "Writes a model folder: put it in a catalog as the image encoder of an image→image space."})
final class FitProjectionCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--backbone", required = true, description = "Image feature model folder (e.g. models/bundle/image-backbone).")
  Path backbone;

  @Mixin
  MediaInputs inputs;

  @Option(names = "--dims", defaultValue = "256", description = "Directions to keep (the space's dimension). Default: ${DEFAULT-VALUE}.")
  int dims;

  @Option(names = "--out", required = true, description = "Model folder to write.")
  Path out;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Override
  public Integer call() throws Exception {
    PrintWriter log = spec.commandLine().getOut();
    inputs.requireSome(spec.commandLine(), "pictures");
    if (dims < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--dims must be at least 1");
    }
    ModelFolder backboneFolder = ModelFolder.open(backbone);
    try (ErrorReport errors = new ErrorReport(null);
        Encoder features = backboneFolder.loadFeatures(Modality.IMAGE, EncoderOptions.DEFAULTS);
        FeatureCache featureCache = inputs.cache == null ? FeatureCache.none() : FeatureCache.open(inputs.cache, features.identity(), "features")) {
      CaptionedSet set = CaptionedSet.media(Inputs.withFile(Modality.IMAGE, inputs.dirs, inputs.manifests, errors), features, featureCache, errors, log);
      if (set.items().size() <= dims) {
        throw new IllegalArgumentException("need more pictures than --dims (" + dims + ") to fit a projection, found "
            + set.items().size() + " (" + errors.count() + " inputs skipped)");
      }
      long t0 = System.nanoTime();
      ProjectionFitter.Fit fit = new ProjectionFitter(dims, seed).fit(set.media());
      double seconds = (System.nanoTime() - t0) / 1e9;
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("method", "PCA (centred, top directions by randomized subspace iteration)");
      report.put("pictures", set.items().size());
      report.put("inputDimension", fit.adapter().inputDimension());
      report.put("dims", dims);
      report.put("explainedVariance", fit.explainedVariance());
      report.put("seed", seed);
      report.put("fitSeconds", Math.round(seconds));
      AdaptedFolder.write(backbone, backboneFolder, Modality.IMAGE, fit.adapter(), Map.of("format", "mmsearch-adapter", "input",
          fit.adapter().inputDimension() + "-d image backbone features, centred on input.mean (input.std is 1), then l2-normalised"),
          report, out);
      log.printf("wrote %s (projection %d→%d keeping %.1f%% of the variance, fitted on %d pictures in %.0f s); %d inputs skipped%n", out,
          fit.adapter().inputDimension(), dims, 100 * fit.explainedVariance(), set.items().size(), seconds, errors.count());
    }
    return 0;
  }
}

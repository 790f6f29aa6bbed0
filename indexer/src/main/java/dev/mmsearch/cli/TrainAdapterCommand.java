package dev.mmsearch.cli;

import dev.mmsearch.encode.Adapter;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.ModelFolder;
import dev.mmsearch.ingest.ErrorReport;
import dev.mmsearch.ingest.Inputs;
import dev.mmsearch.ingest.SourceItem;
import dev.mmsearch.train.AdapterTrainer;
import dev.mmsearch.train.RetrievalMetrics;
import dev.mmsearch.train.Standardisation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * {@code mmsearch train-adapter}: adapts an image or sound backbone to a text encoder's space on your
 * own captioned pictures or sounds, and writes a model folder the indexer and API load like any
 * other. Features of very different scales (the audio-signal family's statistics) are standardised
 * with the training set's mean and deviation, which the adapter file carries.
 */
@Command(name = "train-adapter", mixinStandardHelpOptions = true,
    description = {"Learn an image→text or audio→text adapter (contrastive, text side frozen) from captioned media.",
        "Writes a model folder: put it in a catalog as the image or audio encoder of the text model's space."})
final class TrainAdapterCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--backbone", required = true,
      description = "Feature model folder: image (e.g. models/bundle/image-backbone) or audio (e.g. models/bundle/recipe/signal-features).")
  Path backbone;

  @Option(names = "--modality", paramLabel = "image|audio",
      description = "Which of the backbone's towers to adapt. Default: its only image or audio tower.")
  String modality;

  @Option(names = "--text", required = true, description = "Text model folder whose space images are mapped into.")
  Path text;

  @Mixin
  MediaInputs inputs;

  @Option(names = "--heldout", description = "JSONL manifests held out for evaluation (default: 10%% of the captions).")
  List<Path> heldout = new ArrayList<>();

  @Option(names = "--out", required = true, description = "Model folder to write.")
  Path out;

  @Option(names = "--epochs", defaultValue = "20")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "256")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.001")
  double learningRate;

  @Option(names = "--temperature", defaultValue = "0.05", split = ",",
      description = "Softmax temperature; a list trains one adapter per value (ablation), the first is written.")
  List<Double> temperatures;

  @Option(names = "--hidden", defaultValue = "0", split = ",",
      description = "Hidden width for an MLP adapter, 0 = linear; a list trains one per value, the first is written.")
  List<Integer> hiddens;

  @Option(names = "--weight-decay", defaultValue = "0.0001")
  double weightDecay;

  @Option(names = "--augment", paramLabel = "mirror",
      description = "Also train on each picture's left-right mirror image (twice the pairs; the features are cached like the rest).")
  String augment;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Override
  public Integer call() throws Exception {
    PrintWriter log = spec.commandLine().getOut();
    inputs.requireSome(spec.commandLine(), "training data");
    ModelFolder backboneFolder = ModelFolder.open(backbone);
    Modality adapted = adaptedModality(backboneFolder);
    if (augment != null && (!augment.equals("mirror") || adapted != Modality.IMAGE)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--augment takes 'mirror', for pictures only");
    }
    String pair = "text→" + adapted.id();
    String reverse = adapted.id() + "→text";
    try (ErrorReport errors = new ErrorReport(null);
        Encoder media = backboneFolder.loadFeatures(adapted, EncoderOptions.DEFAULTS);
        Encoder textEncoder = ModelFolder.open(text).load(Modality.TEXT, EncoderOptions.DEFAULTS);
        FeatureCache mediaCache = inputs.cache == null ? FeatureCache.none() : FeatureCache.open(inputs.cache, media.identity(), "features");
        FeatureCache textCache = inputs.cache == null ? FeatureCache.none() : FeatureCache.open(inputs.cache, textEncoder.identity(), "embeddings")) {
      List<SourceItem> all = Inputs.captioned(adapted, inputs.dirs, inputs.manifests, errors);
      List<SourceItem> train = new ArrayList<>();
      List<SourceItem> test = new ArrayList<>();
      if (heldout.isEmpty()) {
        // Split by caption, so identical captions never straddle train and test.
        for (SourceItem it : all) {
          (Math.floorMod(it.text().hashCode(), 10) == 0 ? test : train).add(it);
        }
      } else {
        train.addAll(all);
        test.addAll(Inputs.captioned(adapted, List.of(), heldout, errors));
      }
      // Each held-out manifest is also scored on its own gallery when there are several (one row per source).
      Map<String, Set<String>> heldoutSets = new LinkedHashMap<>();
      if (heldout.size() > 1) {
        for (Path h : heldout) {
          heldoutSets.put(h.getFileName().toString(), new HashSet<>(
              Inputs.captioned(adapted, List.of(), List.of(h), errors).stream().map(SourceItem::id).toList()));
        }
      }
      log.printf("pairs: %d train, %d held out; embedding with %s and %s%n", train.size(), test.size(),
          media.identity(), textEncoder.identity());
      CaptionedSet trainSet = CaptionedSet.embed(train, media, mediaCache, textEncoder, textCache, errors, log);
      CaptionedSet testSet = CaptionedSet.embed(test, media, mediaCache, textEncoder, textCache, errors, log);
      if (trainSet.items().size() < 2) {
        throw new IllegalArgumentException("need at least 2 captioned " + adapted.id() + " items to train, found "
            + trainSet.items().size() + " (" + errors.count() + " inputs skipped)");
      }
      if (augment != null) {
        CaptionedSet mirrors = CaptionedSet.embed(trainSet.items(), media, mediaCache, textEncoder, textCache, true, errors, log);
        trainSet = new CaptionedSet(concat(trainSet.items(), mirrors.items()), concat(trainSet.media(), mirrors.media()),
            concat(trainSet.texts(), mirrors.texts()));
      }
      Standardisation z = backboneFolder.family().standardisesFeatures() ? Standardisation.of(trainSet.media()) : null;

      List<AdapterTrainer.Pair> pairs = new ArrayList<>();
      for (int i = 0; i < trainSet.items().size(); i++) {
        float[] features = z == null ? trainSet.media().get(i) : z.apply(trainSet.media().get(i));
        pairs.add(new AdapterTrainer.Pair(features, trainSet.texts().get(i), trainSet.items().get(i).text()));
      }
      Adapter written = null;
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("trainPairs", pairs.size());
      report.put("heldoutPairs", testSet.items().size());
      List<Map<String, Object>> runs = new ArrayList<>();
      report.put("runs", runs);
      for (int hidden : hiddens) {
        for (double temperature : temperatures) {
          AdapterTrainer.Options options = new AdapterTrainer.Options(epochs, batchSize, learningRate, temperature, hidden, weightDecay, seed);
          log.printf("training %s adapter, temperature %.3f%n", hidden == 0 ? "linear" : "MLP(" + hidden + ")", temperature);
          long t0 = System.nanoTime();
          Adapter trained = new AdapterTrainer(options).train(pairs, line -> {
            log.println("  " + line);
            log.flush();
          });
          Adapter adapter = z == null ? trained : trained.standardising(z.mean(), z.std());
          Map<String, Object> run = new LinkedHashMap<>();
          run.put("options", options);
          run.put("trainSeconds", Math.round((System.nanoTime() - t0) / 1e9));
          if (!testSet.items().isEmpty()) {
            List<float[]> mapped = testSet.media().stream().map(v -> Adapter.unit(adapter.apply(v))).toList();
            String name = Character.toUpperCase(adapted.id().charAt(0)) + adapted.id().substring(1);
            log.println(RetrievalMetrics.header());
            run.putAll(score(testSet, mapped, i -> true, "heldout.", name, adapted.id(), pair, reverse, log));
            Map<String, Object> bySet = new LinkedHashMap<>();
            for (Map.Entry<String, Set<String>> e : heldoutSets.entrySet()) {
              log.println(e.getKey() + ":");
              bySet.put(e.getKey(), score(testSet, mapped, i -> e.getValue().contains(testSet.items().get(i).id()), "", name,
                  adapted.id(), pair, reverse, log));
            }
            if (!bySet.isEmpty()) {
              run.put("heldoutBySet", bySet);
            }
          }
          runs.add(run);
          if (written == null) {
            written = adapter;
          }
        }
      }
      Adapter adapter = written;
      double seconds = ((Number) runs.getFirst().get("trainSeconds")).doubleValue();
      AdaptedFolder.write(backbone, backboneFolder, adapted, adapter, Map.of("format", "mmsearch-adapter", "input",
          adapter.inputDimension() + "-d " + adapted.id() + " backbone features, standardised when the file has input.mean/std, then l2-normalised"),
          report, out);
      log.printf("wrote %s (%s adapter %d→%d, trained in %.0f s); %d inputs skipped%n", out, adapter.mlp() ? "MLP" : "linear",
          adapter.inputDimension(), adapter.outputDimension(), seconds, errors.count());
    }
    return 0;
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** Text→medium and medium→text metrics over the held-out items {@code keep} selects, logged and keyed for the report. */
  private static Map<String, Object> score(CaptionedSet testSet, List<float[]> mapped, java.util.function.IntPredicate keep,
      String prefix, String name, String modalityId, String pair, String reverse, PrintWriter log) {
    List<float[]> texts = new ArrayList<>();
    List<float[]> media = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    for (int i = 0; i < mapped.size(); i++) {
      if (keep.test(i)) {
        texts.add(testSet.texts().get(i));
        media.add(mapped.get(i));
        captions.add(testSet.items().get(i).text());
      }
    }
    RetrievalMetrics forward = RetrievalMetrics.of(texts, captions, media, captions, false);
    RetrievalMetrics backward = RetrievalMetrics.of(media, captions, texts, captions, false);
    log.println(forward.row(pair));
    log.println(backward.row(reverse));
    Map<String, Object> scores = new LinkedHashMap<>();
    scores.put(prefix + "textTo" + name, forward);
    scores.put(prefix + modalityId + "ToText", backward);
    return scores;
  }

  /** The tower to adapt: {@code --modality}, else the backbone's only image or audio tower. */
  private Modality adaptedModality(ModelFolder folder) {
    if (modality != null) {
      Modality m = Modality.fromString(modality);
      if (m == Modality.TEXT || !folder.modalities().contains(m)) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--modality must be a media tower of the backbone (has: " + folder.modalities().stream().map(Modality::id).sorted().toList() + ")");
      }
      return m;
    }
    List<Modality> media = folder.modalities().stream().filter(m -> m != Modality.TEXT).sorted().toList();
    if (media.size() != 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "the backbone has " + media.size() + " media towers " + media.stream().map(Modality::id).toList() + "; choose one with --modality");
    }
    return media.getFirst();
  }
}

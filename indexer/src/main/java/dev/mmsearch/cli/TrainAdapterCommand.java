package dev.mmsearch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mmsearch train-adapter}: adapts an image backbone to a text encoder's space on your own
 * captioned images, and writes a model folder the indexer and API load like any other.
 */
@Command(name = "train-adapter", mixinStandardHelpOptions = true,
    description = {"Learn an image→text adapter (contrastive, text side frozen) from captioned images.",
        "Writes a model folder: put it in a catalog as the image encoder of the text model's space."})
final class TrainAdapterCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--backbone", required = true, description = "Image feature model folder (e.g. models/bundle/mobilenet-v2-nsfwjs).")
  Path backbone;

  @Option(names = "--text", required = true, description = "Text model folder whose space images are mapped into.")
  Path text;

  @Option(names = "--dir", description = "Folders of images with .txt/.json captions (repeatable).")
  List<Path> dirs = new ArrayList<>();

  @Option(names = "--manifest", description = "JSONL manifests with image and text (repeatable).")
  List<Path> manifests = new ArrayList<>();

  @Option(names = "--heldout", description = "JSONL manifests held out for evaluation (default: 10% of the captions).")
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

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Override
  public Integer call() throws Exception {
    PrintWriter log = spec.commandLine().getOut();
    if (dirs.isEmpty() && manifests.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give training data with --dir or --manifest");
    }
    ModelFolder backboneFolder = ModelFolder.open(backbone);
    try (ErrorReport errors = new ErrorReport(null);
        Encoder image = backboneFolder.load(Modality.IMAGE, EncoderOptions.DEFAULTS);
        Encoder textEncoder = ModelFolder.open(text).load(Modality.TEXT, EncoderOptions.DEFAULTS)) {
      List<SourceItem> all = Inputs.captionedImages(dirs, manifests, errors);
      List<SourceItem> train = new ArrayList<>();
      List<SourceItem> test = new ArrayList<>();
      if (heldout.isEmpty()) {
        // Split by caption, so identical captions never straddle train and test.
        for (SourceItem it : all) {
          (Math.floorMod(it.text().hashCode(), 10) == 0 ? test : train).add(it);
        }
      } else {
        train.addAll(all);
        test.addAll(Inputs.captionedImages(List.of(), heldout, errors));
      }
      log.printf("pairs: %d train, %d held out; embedding with %s and %s%n", train.size(), test.size(),
          image.identity(), textEncoder.identity());
      CaptionedSet trainSet = CaptionedSet.embed(train, image, textEncoder, errors, log);
      CaptionedSet testSet = CaptionedSet.embed(test, image, textEncoder, errors, log);

      List<AdapterTrainer.Pair> pairs = new ArrayList<>();
      for (int i = 0; i < trainSet.items().size(); i++) {
        pairs.add(new AdapterTrainer.Pair(trainSet.images().get(i), trainSet.texts().get(i), trainSet.items().get(i).text()));
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
          Adapter adapter = new AdapterTrainer(options).train(pairs, line -> {
            log.println("  " + line);
            log.flush();
          });
          Map<String, Object> run = new LinkedHashMap<>();
          run.put("options", options);
          run.put("trainSeconds", Math.round((System.nanoTime() - t0) / 1e9));
          if (!testSet.items().isEmpty()) {
            List<float[]> mapped = testSet.images().stream().map(v -> Adapter.unit(adapter.apply(v))).toList();
            RetrievalMetrics t2i = RetrievalMetrics.of(testSet.texts(), testSet.captions(), mapped, testSet.captions(), false);
            RetrievalMetrics i2t = RetrievalMetrics.of(mapped, testSet.captions(), testSet.texts(), testSet.captions(), false);
            log.println(RetrievalMetrics.header());
            log.println(t2i.row("text→image"));
            log.println(i2t.row("image→text"));
            run.put("heldout.textToImage", t2i);
            run.put("heldout.imageToText", i2t);
          }
          runs.add(run);
          if (written == null) {
            written = adapter;
          }
        }
      }
      Adapter adapter = written;
      double seconds = ((Number) runs.getFirst().get("trainSeconds")).doubleValue();
      writeFolder(backboneFolder, adapter, report);
      log.printf("wrote %s (%s adapter %d→%d, trained in %.0f s); %d inputs skipped%n", out, adapter.mlp() ? "MLP" : "linear",
          adapter.inputDimension(), adapter.outputDimension(), seconds, errors.count());
    }
    return 0;
  }

  private void writeFolder(ModelFolder backboneFolder, Adapter adapter, Map<String, Object> report) throws Exception {
    Files.createDirectories(out);
    ObjectMapper json = new ObjectMapper();
    adapter.write(out.resolve("adapter.safetensors"), Map.of("format", "mmsearch-adapter", "input", "l2-normalised backbone features"));
    Files.copy(backbone.resolve("preprocessor_config.json"), out.resolve("preprocessor_config.json"), StandardCopyOption.REPLACE_EXISTING);
    ObjectNode manifest = json.createObjectNode();
    manifest.put("name", out.toAbsolutePath().normalize().getFileName().toString());
    manifest.put("family", "image-features");
    ObjectNode imageNode = manifest.putObject("image");
    imageNode.put("onnx", out.toAbsolutePath().normalize().relativize(backboneFolder.graphFile(Modality.IMAGE).toAbsolutePath().normalize())
        .toString().replace('\\', '/'));
    com.fasterxml.jackson.databind.JsonNode backboneManifest = Files.exists(backbone.resolve(ModelFolder.MANIFEST))
        ? json.readTree(backbone.resolve(ModelFolder.MANIFEST).toFile()) : json.createObjectNode();
    imageNode.put("output", backboneManifest.path("image").path("output").asText("features"));
    imageNode.put("pooling", backboneManifest.path("image").path("pooling").asText("none"));
    manifest.put("adapter", "adapter.safetensors");
    json.writerWithDefaultPrettyPrinter().writeValue(out.resolve(ModelFolder.MANIFEST).toFile(), manifest);
    json.writerWithDefaultPrettyPrinter().writeValue(out.resolve("training.json").toFile(), report);
  }
}

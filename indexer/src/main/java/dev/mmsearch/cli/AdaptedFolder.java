package dev.mmsearch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmsearch.encode.Adapter;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.ModelFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes a model folder that reads a backbone's graph through a learned head ({@code train-adapter}'s
 * contrastive adapter, {@code fit-projection}'s PCA): the backbone's manifest (or, for a Hugging
 * Face image folder, an image-features one) pointing at the backbone's graph, its preprocessing,
 * the head as {@code adapter.safetensors}, and the report of how it was learned. The folder loads
 * like any other; the graph is referenced, not copied.
 */
final class AdaptedFolder {

  private AdaptedFolder() {}

  static void write(Path backbone, ModelFolder backboneFolder, Modality modality, Adapter adapter, Map<String, String> metadata,
      Map<String, Object> report, Path out) throws IOException {
    Files.createDirectories(out);
    Path outDir = out.toAbsolutePath().normalize();
    ObjectMapper json = new ObjectMapper();
    adapter.write(out.resolve("adapter.safetensors"), metadata);
    if (Files.exists(backbone.resolve("preprocessor_config.json"))) {
      Files.copy(backbone.resolve("preprocessor_config.json"), out.resolve("preprocessor_config.json"), StandardCopyOption.REPLACE_EXISTING);
    }
    ObjectNode backboneManifest = Files.exists(backbone.resolve(ModelFolder.MANIFEST))
        ? (ObjectNode) json.readTree(backbone.resolve(ModelFolder.MANIFEST).toFile()) : json.createObjectNode();
    ObjectNode manifest = json.createObjectNode();
    manifest.put("name", outDir.getFileName().toString());
    manifest.put("family", backboneFolder.family().adaptedAs(modality).id());
    ObjectNode tower = backboneManifest.path(modality.id()).isObject() ? ((ObjectNode) backboneManifest.get(modality.id())).deepCopy()
        : json.createObjectNode();
    if (backboneFolder.hasGraph(modality)) {
      tower.put("onnx", outDir.relativize(backboneFolder.graphFile(modality).toAbsolutePath().normalize()).toString().replace('\\', '/'));
      tower.put("output", tower.path("output").asText("features"));
      tower.put("pooling", tower.path("pooling").asText("none"));
    }
    manifest.set(modality.id(), tower);
    manifest.put("adapter", "adapter.safetensors");
    json.writerWithDefaultPrettyPrinter().writeValue(out.resolve(ModelFolder.MANIFEST).toFile(), manifest);
    json.writerWithDefaultPrettyPrinter().writeValue(out.resolve("training.json").toFile(), report);
  }
}

package dev.mmsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.models.FakeHub;
import dev.mmsearch.models.KnownModel;
import dev.mmsearch.models.KnownModels;
import dev.mmsearch.testing.TestModels;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mmsearch models} end to end against a hub in the test JVM that serves the tiny CLIP test
 * model under the built-in list's repository and pinned revision: fetch, list, verify, then a
 * catalog that names the model by its list name indexes with it.
 */
class ModelsCommandTest {

  @TempDir
  Path tmp;

  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void fetchListVerifyAndIndexWithACatalogThatNamesTheModel() throws Exception {
    KnownModel clip = KnownModels.find("clip-vit-base-patch32").orElseThrow();
    Path models = tmp.resolve("models");
    try (FakeHub hub = new FakeHub()) {
      hub.serveFolder(clip.repo(), clip.revision(), TestModels.model("clip-tiny"));
      Run fetch = run("models", "fetch", "clip-vit-base-patch32", "--endpoint", hub.endpoint().toString(), "--models-dir",
          models.toString());
      assertEquals(0, fetch.code(), fetch.out() + fetch.err());
      assertTrue(fetch.out().contains("installed clip-vit-base-patch32: 7 files"), fetch.out());
    }
    Run list = run("models", "list", "--models-dir", models.toString());
    assertTrue(list.out().contains("clip-vit-base-patch32") && list.out().contains("clip: image, text, 24-d")
        && list.out().contains("Xenova/clip-vit-base-patch32@4c1807b705b1"), list.out());
    assertEquals(0, run("models", "verify", "--models-dir", models.toString()).code());

    // A catalog beside the models directory names the model by its list name.
    Path pictures = Files.createDirectories(tmp.resolve("pictures"));
    for (Color c : new Color[] {Color.RED, Color.BLUE}) {
      BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setColor(c);
      g.fillRect(0, 0, 64, 64);
      g.dispose();
      ImageIO.write(img, "png", pictures.resolve(Integer.toHexString(c.getRGB()) + ".png").toFile());
    }
    Path catalog = Files.writeString(tmp.resolve("catalog.json"), "{\"spaces\": {\"clip\": {\"model\": \"clip-vit-base-patch32\"}}}");
    Run index = run("index", "--catalog", catalog.toString(), "--index", tmp.resolve("index").toString(), pictures.toString());
    assertEquals(0, index.code(), index.out() + index.err());

    // A changed byte is named by verify, with a non-zero exit.
    Path vision = models.resolve("clip-vit-base-patch32").resolve("onnx/vision_model.onnx");
    byte[] b = Files.readAllBytes(vision);
    b[100] ^= 1;
    Files.write(vision, b);
    Run verify = run("models", "verify", "--models-dir", models.toString());
    assertEquals(Main.EXIT_PARTIAL, verify.code());
    assertTrue(verify.out().contains("clip-vit-base-patch32: onnx/vision_model.onnx: SHA-256"), verify.out());
  }

  @Test
  void aMissingListModelNamesTheFetchCommandAndNoNetworkPrintsWhatToCopy() throws Exception {
    Path catalog = Files.writeString(tmp.resolve("catalog.json"), "{\"spaces\": {\"dino\": {\"model\": \"dinov2-small\"}}}");
    Run index = run("index", "--catalog", catalog.toString(), "--index", tmp.resolve("index").toString(), tmp.toString());
    assertEquals(Main.EXIT_FATAL, index.code());
    assertTrue(index.err().contains("model 'dinov2-small' is not installed") && index.err().contains("mmsearch models fetch dinov2-small"),
        index.err());
    assertFalse(Files.exists(tmp.resolve("index").resolve("write.lock")), "nothing opened");

    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Run offline = run("models", "fetch", "dinov2-small", "--variant", "quantized", "--endpoint", "http://127.0.0.1:" + closed,
        "--models-dir", tmp.resolve("models").toString());
    assertEquals(Main.EXIT_FATAL, offline.code());
    assertTrue(offline.err().contains("cannot reach http://127.0.0.1:" + closed), offline.err());
    assertTrue(offline.err().contains("/Xenova/dinov2-small/resolve/560a572cedd01ab59cf1a614c2d9673397b65ef2/onnx/model_quantized.onnx")
        && offline.err().contains("{\"variant\":\"quantized\"}"), offline.err());
    assertFalse(Files.exists(tmp.resolve("models").resolve("dinov2-small")));
    // A list model whose loader settings the repository does not carry says what to write by hand too.
    Run manual = run("models", "fetch", "mobileclip-s1", "--print-files", "--models-dir", tmp.resolve("models").toString());
    assertEquals(0, manual.code(), manual.err());
    assertTrue(manual.out().contains("/Xenova/mobileclip_s1/resolve/2e9a53166ada8863ac6abc2381edd2e6ae968812/onnx/vision_model.onnx")
        && manual.out().contains("{\"text\":{\"maxLength\":77,\"padToMaxLength\":true,\"padId\":0}}")
        && manual.out().contains("mmsearch-model.json"), manual.out());
    Run unknown = run("models", "fetch", "clip-huge");
    assertEquals(Main.EXIT_USAGE, unknown.code());
    assertTrue(unknown.err().contains("not in the built-in list"), unknown.err());
  }
}

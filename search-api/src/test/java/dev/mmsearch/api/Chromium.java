package dev.mmsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * What the browser tests share: Debian's headless Chromium driven by its chromedriver (paths from
 * the {@code chromium.binary} and {@code chromedriver.binary} properties), the axe-core audit and
 * the screenshots in docs/screenshots.
 */
final class Chromium {

  /** Where the screenshots referenced from the README and docs/web.md live. */
  static final Path SHOTS = Path.of("..", "docs", "screenshots");

  private Chromium() {}

  /** A fresh headless Chromium, 1280 × 900, muted, allowed to play without a gesture, its console readable. */
  static ChromeDriver start() throws IOException {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1280,900", "--autoplay-policy=no-user-gesture-required", "--mute-audio",
        "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
    // The console (errors, failed loads such as a 404) is read back through the driver's log.
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver")).toFile())
        .build();
    return new ChromeDriver(service, options);
  }

  /**
   * A clean page for the next test in a browser the test class shares: a new tab (no scripts a
   * previous test injected, no emulated screen, its own history and session storage), every other
   * tab closed, no cookies, the console log read empty. Starting Chromium costs about 2 s on
   * 2 cores, which one browser per class pays once instead of once per test.
   */
  static void freshTab(ChromeDriver browser) {
    browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
    String fresh = browser.getWindowHandle();
    for (String handle : browser.getWindowHandles()) {
      if (!handle.equals(fresh)) {
        browser.switchTo().window(handle).close();
      }
    }
    browser.switchTo().window(fresh);
    browser.manage().deleteAllCookies();
    browser.manage().logs().get(LogType.BROWSER); // reading the log empties it
  }

  /** axe-core's script, installed from src/test/web-audit on first use; null where npm is missing (outside CI). */
  static String axe() throws IOException, InterruptedException {
    Path work = PinnedNpm.install("web-audit", "axe-core/axe.min.js");
    return work == null ? null : Files.readString(work.resolve("node_modules/axe-core/axe.min.js"), StandardCharsets.UTF_8);
  }

  /**
   * Runs axe-core on the page as it is; fails on any serious or critical violation and prints the
   * others. Without axe (no npm, outside CI) it does nothing.
   */
  static void audit(ChromeDriver browser, String axe, String state) throws IOException {
    if (axe == null) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException("CI must run the accessibility audit");
      }
      return;
    }
    browser.executeScript(axe);
    String json = (String) browser.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ['violations'] })
          .then((r) => done(JSON.stringify({ violations: r.violations, passes: r.passes.length })), (e) => done('error ' + e));
        """);
    assertFalse(json.startsWith("error"), json);
    JsonNode report = new ObjectMapper().readTree(json);
    assertTrue(report.path("passes").asInt() > 10, "axe checked the page: " + json);
    JsonNode violations = report.path("violations");
    assertTrue(violations.isArray(), json);
    List<String> bad = new ArrayList<>();
    for (JsonNode v : violations) {
      String line = v.path("impact").asText() + " " + v.path("id").asText() + ": " + v.path("help").asText() + " at "
          + v.path("nodes").findValuesAsText("target");
      System.out.println("axe [" + state + "] " + line);
      if (Set.of("serious", "critical").contains(v.path("impact").asText())) {
        bad.add(line);
      }
    }
    assertEquals(List.of(), bad, "serious or critical accessibility violations in state '" + state + "'");
  }

  /** The page as it looks now, as docs/screenshots/{name}.png. */
  static void screenshot(ChromeDriver browser, String name) throws IOException {
    Files.createDirectories(SHOTS);
    Files.write(SHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
  }
}

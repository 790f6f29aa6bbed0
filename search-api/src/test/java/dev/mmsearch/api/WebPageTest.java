package dev.mmsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.testing.TestModels;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The search page in a real browser (Debian's headless Chromium) against the running app. */
@QuarkusTest
class WebPageTest {

  @TestHTTPResource("/")
  URL page;

  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void open() throws Exception {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1280,900", "--autoplay-policy=no-user-gesture-required", "--mute-audio", "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver")).toFile())
        .build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  @AfterEach
  void close() {
    if (browser != null) {
      browser.quit();
    }
  }

  private List<WebElement> resultsAfter(Runnable action) {
    action.run();
    wait.until(d -> !d.findElement(By.id("status")).getText().startsWith("searching"));
    return browser.findElements(By.cssSelector("#results li"));
  }

  @Test
  void textSearchShowsThumbnailsAndExplanations() throws Exception {
    browser.get(page.toString());
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("stats"), TestIndex.ITEMS + " items"));
    List<WebElement> hits = resultsAfter(() -> {
      browser.findElement(By.id("text")).sendKeys("a green block over a purple egg");
      browser.findElement(By.id("go")).click();
    });
    assertTrue(hits.size() >= 5, "hits: " + hits.size());
    assertEquals("tall-alpha.png", hits.getFirst().findElement(By.cssSelector(".id")).getText());
    // Every thumbnail either loads or is hidden (an item whose file is outside the indexed folders).
    wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
        "return [...document.querySelectorAll('#results img')].every(i => i.complete && (i.naturalWidth > 0 || i.classList.contains('missing')))"));
    assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript(
        "return document.querySelector('#results img').naturalWidth > 0"), "the top hit's thumbnail loads");
    hits.getFirst().findElement(By.tagName("summary")).click();
    assertTrue(hits.getFirst().findElement(By.tagName("details")).getText().contains("clip.text"));
    Path shot = Path.of("target", "web-page.png");
    Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void imageUploadAndMoreLikeThis() throws Exception {
    browser.get(page.toString());
    browser.findElement(By.id("image")).sendKeys(TestModels.reference("photo.png").toAbsolutePath().toString());
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("clear-image")));
    List<WebElement> hits = resultsAfter(() -> browser.findElement(By.id("go")).click());
    assertTrue(List.of("photo.png", "sub dir/same photo.webp").contains(hits.getFirst().findElement(By.cssSelector(".id")).getText()));
    List<WebElement> similar = resultsAfter(() -> hits.getFirst().findElement(By.cssSelector("button.similar")).click());
    assertTrue(similar.size() >= 3);
  }

  /**
   * A sound as the query: the sound-only item comes first, shows a plain tile instead of a broken
   * thumbnail, and its player loads the original from the API and plays.
   */
  @Test
  void soundUploadFindsAndPlaysSounds() {
    browser.get(page.toString());
    browser.findElement(By.id("audio")).sendKeys(TestModels.reference("audio/speech.wav").toAbsolutePath().toString());
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("clear-audio")));
    List<WebElement> hits = resultsAfter(() -> browser.findElement(By.id("go")).click());
    WebElement first = hits.getFirst();
    assertEquals("speech.wav", first.findElement(By.cssSelector(".id")).getText());
    assertTrue(first.findElements(By.tagName("img")).isEmpty(), "no thumbnail for a sound");
    assertEquals("♪", first.findElement(By.cssSelector(".tile")).getText());
    JavascriptExecutor js = (JavascriptExecutor) browser;
    Object played = js.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        const a = document.querySelector('#results li audio');
        a.addEventListener('error', () => done('error ' + (a.error && a.error.code)));
        a.play().then(() => setTimeout(() => done(a.duration > 1 && a.currentTime > 0 && !a.paused ? 'playing' : 'stalled '
            + a.duration + ' ' + a.currentTime), 400)).catch((e) => done('refused ' + e));
        """);
    assertEquals("playing", played);
    // The sound in an item that also has a picture: thumbnail and player both.
    assertTrue(hits.stream().anyMatch(h -> h.findElement(By.cssSelector(".id")).getText().equals("small.png")
        && !h.findElements(By.tagName("audio")).isEmpty() && !h.findElements(By.tagName("img")).isEmpty()));
  }

  @Test
  void errorsAreShownNotSwallowed() {
    browser.get(page.toString());
    browser.findElement(By.id("go")).click();
    assertEquals("type some text, or choose an image or a sound", browser.findElement(By.id("status")).getText());
    browser.findElement(By.id("text")).sendKeys("red");
    WebElement k = browser.findElement(By.id("k"));
    // Past the page's own bound (max=200): the API's rule comes back as the message.
    ((JavascriptExecutor) browser).executeScript("arguments[0].removeAttribute('max'); arguments[0].value = '5000'", k);
    resultsAfter(() -> browser.findElement(By.id("go")).click());
    assertTrue(browser.findElement(By.id("status")).getText().startsWith("400 Bad Request: k must be in 1..1000, got: 5000"),
        browser.findElement(By.id("status")).getText());
  }
}

package dev.mmsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Video results in a real browser (Debian's headless Chromium) on the video test collection
 * ({@link VideoIndex}: two MP4s of three 4-second shots, H.264 + AAC, which Debian's Chromium
 * plays): a video hit's card shows its best moment and its length over the poster; its detail view
 * plays the original from the best moment and lists every moment as a button that seeks there;
 * the explanation names the moment each list matched; axe finds nothing serious in the open view.
 */
@QuarkusTest
@TestProfile(VideoIndex.Profile.class)
class VideoPageTest {

  private static final String QUERY = "a walk by the sea";
  private static final String VIDEO = "walk.mp4";

  @TestHTTPResource("/")
  URL page;

  static String axe;

  /** One Chromium for the class; each test gets a fresh tab of it ({@link Chromium#freshTab}). */
  private static ChromeDriver shared;

  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeAll
  static void startBrowser() throws Exception {
    axe = Chromium.axe();
    shared = Chromium.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (shared != null) {
      shared.quit();
    }
  }

  @BeforeEach
  void open() throws Exception {
    browser = shared;
    Chromium.freshTab(browser);
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    // The page's last search answer, as the API gave it: the test compares the page with it.
    browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
        const realFetch = window.fetch;
        window.fetch = (url, options) => realFetch(url, options).then((r) => {
          if (String(url).includes('/api/search') && r.ok) r.clone().json().then((j) => { window.__lastSearch = j; });
          return r;
        });"""));
  }

  /** "0:08" for 8 s, "1:02:03" past an hour: what the page shows (seconds rounded). */
  static String time(double seconds) {
    long s = Math.max(0, Math.round(seconds));
    return s >= 3600 ? "%d:%02d:%02d".formatted(s / 3600, s / 60 % 60, s % 60) : "%d:%02d".formatted(s / 60, s % 60);
  }

  /** An element's accessible name as Chromium computes it, without the space it puts before a comma after a hidden span. */
  private static String name(WebElement e) {
    return e.getAccessibleName().replaceAll("\\s+,", ",").replaceAll("\\s+", " ").trim();
  }

  private static double number(Object o) {
    return ((Number) o).doubleValue();
  }

  private double currentTime() {
    return number(browser.executeScript("return document.querySelector('#detail video').currentTime"));
  }

  /** Waits until the player's position lies in [start, end]. */
  private void waitUntilPlayerIn(double start, double end, String what) {
    try {
      wait.until(d -> {
        double t = currentTime();
        return t >= start - 0.05 && t <= end + 0.05;
      });
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(what + ": the player is at " + currentTime() + " s, not in [" + start + ", " + end + "]", e);
    }
  }

  /** Waits until no search is pending, then gives the result ids in order. */
  @SuppressWarnings("unchecked")
  private List<String> results() {
    wait.until(d -> "false".equals(d.findElement(By.id("results")).getAttribute("aria-busy"))
        && !d.findElement(By.id("status")).getText().startsWith("Searching"));
    return (List<String>) browser.executeScript("return [...document.querySelectorAll('#results li')].map(li => li.dataset.id)");
  }

  @Test
  void theVideosChipKeepsOnlyVideos() {
    browser.get(page + "?p=text:1:" + URLEncoder.encode(QUERY, StandardCharsets.UTF_8));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("stats"), VideoIndex.ITEMS + " items"));
    List<String> all = results();
    assertEquals(VideoIndex.ITEMS, all.size(), all.toString());
    WebElement videos = browser.findElement(By.cssSelector("#show button[data-show=video]"));
    assertEquals("Videos", videos.getText());
    videos.click();
    wait.until(ExpectedConditions.urlContains("show=video"));
    assertEquals(List.of("music.mp4", VIDEO).stream().sorted().toList(), results().stream().sorted().toList());
    assertEquals("true", videos.getAttribute("aria-pressed"));
    browser.findElement(By.cssSelector("#show button[data-show='']")).click();
    wait.until(d -> !d.getCurrentUrl().contains("show="));
    assertEquals(all, results());
  }

  @Test
  void aVideoHitPlaysFromItsBestMomentAndItsMomentsSeek() throws Exception {
    assertEquals("probably", browser.executeScript("return document.createElement('video')"
        + ".canPlayType('video/mp4; codecs=\"avc1.640028, mp4a.40.2\"')"), "this Chromium plays H.264 and AAC in MP4");
    browser.get(page + "?p=text:1:" + URLEncoder.encode(QUERY, StandardCharsets.UTF_8));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("stats"), VideoIndex.ITEMS + " items"));
    wait.until(d -> d.findElements(By.cssSelector("#results li[data-id='" + VIDEO + "']")).size() == 1
        && d.findElement(By.id("status")).getText().contains("results"));

    // The hit as the API gave it: its best moments, best first.
    @SuppressWarnings("unchecked")
    Map<String, Object> hit = (Map<String, Object>) browser.executeScript(
        "return window.__lastSearch.hits.find((h) => h.item.id === arguments[0])", VIDEO);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> best = (List<Map<String, Object>>) hit.get("moments");
    assertNotNull(best, "the video hit names its best moments: " + hit);
    double start = number(best.getFirst().get("start"));
    double end = number(best.getFirst().get("end"));
    @SuppressWarnings("unchecked")
    Map<String, Object> item = (Map<String, Object>) hit.get("item");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> moments = (List<Map<String, Object>>) item.get("moments");
    assertEquals(3, moments.size(), "walk.mp4 has three shots: " + moments);

    // The card: the poster in the same square box as every card, the best moment and the length over it.
    WebElement card = browser.findElement(By.cssSelector("#results li[data-id='" + VIDEO + "']"));
    assertTrue(card.getAttribute("class").contains("card-video"), card.getAttribute("class"));
    String duration = time(number(((Map<?, ?>) item.get("numbers")).get("duration")));
    String range = time(start) + "–" + time(end);
    String badge = card.findElement(By.cssSelector(".moment-badge")).getText();
    assertTrue(badge.startsWith("▶") && badge.endsWith(range), badge);
    assertTrue(card.findElement(By.cssSelector(".duration-badge")).getText().endsWith(duration));
    String name = name(card.findElement(By.cssSelector(".open")));
    assertTrue(name.matches("Result \\d+: .*, video, best moment " + range + ", length " + duration + " — details"), name);
    wait.until(d -> (Boolean) browser.executeScript("return [...document.querySelectorAll('#results img')].every(i => i.complete)"));
    assertEquals(Boolean.TRUE, browser.executeScript("""
        const boxes = [...document.querySelectorAll('#results .thumb')];
        return boxes.every((t) => Math.abs(t.clientWidth - t.clientHeight) <= 1 && t.clientWidth === boxes[0].clientWidth)"""),
        "every card's box is square and the same size, the video's too");
    assertEquals(Boolean.TRUE, browser.executeScript("""
        const rects = () => JSON.stringify([...document.querySelectorAll('#results li')].map((e) => e.getBoundingClientRect()));
        const loaded = rects();
        const hidden = [...document.querySelectorAll('#results img, #results .badge')];
        hidden.forEach((i) => { i.style.display = 'none'; });
        const without = rects();
        hidden.forEach((i) => { i.style.display = ''; });
        return loaded === without;"""), "the cards keep their geometry without their posters and badges");
    Chromium.screenshot(browser, "video-result");

    // Open it: the player starts at the best moment once it knows the video's length.
    card.findElement(By.cssSelector(".open")).click();
    WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
    WebElement video = dialog.findElement(By.tagName("video"));
    assertEquals("metadata", video.getAttribute("preload"));
    assertTrue(video.getAttribute("src").endsWith("/api/originals/" + VIDEO + "?modality=video"), video.getAttribute("src"));
    wait.until(d -> number(browser.executeScript("return arguments[0].readyState", video)) >= 1);
    waitUntilPlayerIn(start, end, "opened at the best moment " + best.getFirst());

    // Every moment is a labelled button, in time order; the hit's best moments are marked.
    List<WebElement> buttons = dialog.findElements(By.cssSelector(".moment-list button.moment"));
    assertEquals(moments.size(), buttons.size());
    for (int i = 0; i < buttons.size(); i++) {
      double s = number(moments.get(i).get("start"));
      String label = name(buttons.get(i));
      assertTrue(label.startsWith("Play from " + time(s) + "–" + time(number(moments.get(i).get("end"))) + ", moment " + (i + 1)
          + " of " + moments.size()), label);
      int momentNo = ((Number) moments.get(i).get("moment")).intValue();
      boolean isBest = best.stream().anyMatch(m -> ((Number) m.get("moment")).intValue() == momentNo);
      assertEquals(isBest, buttons.get(i).getAttribute("class").contains("best"), label);
      if (momentNo == ((Number) best.getFirst().get("moment")).intValue()) {
        assertTrue(label.endsWith(", best match") && buttons.get(i).getText().contains("best match"), label);
      }
    }

    // The explanation names the moment a list matched: "clip.image · 0:08–0:12".
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> explanation = (List<Map<String, Object>>) hit.get("explanation");
    Map<String, Object> named = explanation.stream().filter(c -> c.get("moment") != null).findFirst()
        .orElseThrow(() -> new AssertionError("a contribution names its moment: " + explanation));
    Map<?, ?> span = (Map<?, ?>) named.get("moment");
    String row = named.get("field") + " · " + time(number(span.get("start"))) + "–" + time(number(span.get("end")));
    String table = dialog.findElement(By.cssSelector("table.contributions")).getText();
    assertTrue(table.contains(row), row + " in " + table);

    Chromium.audit(browser, axe, "video detail");

    // A click on another moment seeks there and plays; Tab and Enter reach the one after it.
    int bestIndex = 0;
    while (number(moments.get(bestIndex).get("moment")) != number(best.getFirst().get("moment"))) {
      bestIndex++;
    }
    int other = bestIndex == 0 ? 1 : 0;
    buttons.get(other).click();
    waitUntilPlayerIn(number(moments.get(other).get("start")), number(moments.get(other).get("end")), "clicked moment " + other);
    buttons.get(other).sendKeys(Keys.TAB);
    assertEquals(buttons.get(other + 1), browser.switchTo().activeElement(), "Tab goes to the next moment");
    browser.switchTo().activeElement().sendKeys(Keys.ENTER);
    waitUntilPlayerIn(number(moments.get(other + 1).get("start")), number(moments.get(other + 1).get("end")),
        "moment " + (other + 1) + " by keyboard");
    wait.until(d -> "time".equals(d.findElement(By.cssSelector("#detail button.moment[aria-current]")).getAttribute("aria-current")));
    Chromium.screenshot(browser, "video-detail");

    // Closing the view stops the video.
    dialog.findElement(By.id("detail-close")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("detail")));
    assertEquals(Boolean.TRUE, browser.executeScript("return document.querySelector('#detail video').paused"),
        "the video pauses when the view closes");
  }
}

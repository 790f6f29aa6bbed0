package dev.mmsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The duplicates view and collapsed results in a real browser (Debian's headless Chromium) on the
 * duplicates test collection ({@link DuplicatesIndex}): groups side by side with the member to keep
 * marked and the reason said, the level switch, and search results where the photo's eight copies
 * show as one card with "+7 copies" until "show every copy" is chosen; axe finds nothing serious.
 */
@QuarkusTest
@TestProfile(DuplicatesIndex.Profile.class)
class DuplicatesPageTest {

  private static final String QUERY = "a red circle and a blue square";

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
  }

  private List<WebElement> groups() {
    wait.until(d -> "false".equals(d.findElement(By.id("groups")).getAttribute("aria-busy")));
    return browser.findElements(By.cssSelector("#groups > li.group"));
  }

  @Test
  void theViewShowsGroupsSideBySideWithTheMemberToKeep() throws Exception {
    browser.get(page + "duplicates.html");
    List<WebElement> near = groups();
    assertEquals(2, near.size(), "the photo's group and the chord's");
    WebElement photos = near.getFirst();
    assertEquals("Group 1 · 8 items", photos.findElement(By.tagName("h2")).getText());
    List<WebElement> members = photos.findElements(By.cssSelector(".member"));
    assertEquals(8, members.size());
    List<WebElement> keep = photos.findElements(By.cssSelector(".member.keep"));
    assertEquals(1, keep.size(), "one member is marked to keep");
    String reason = photos.findElement(By.cssSelector(".keep-reason")).getText();
    assertTrue(reason.startsWith("Keep " + keep.getFirst().getAttribute("data-id") + " — largest: 320 × 240 px"), reason);
    // Side by side: the members share a row.
    assertEquals(members.get(0).getLocation().getY(), members.get(1).getLocation().getY());
    assertEquals("true", browser.findElement(By.cssSelector("#levels [data-level=near]")).getAttribute("aria-pressed"));
    assertTrue(!browser.findElement(By.cssSelector("#levels [data-level=similar]")).isDisplayed(), "no similar groups: no chip");
    Chromium.audit(browser, axe, "duplicates view");
    Chromium.screenshot(browser, "duplicates");

    browser.findElement(By.cssSelector("#levels [data-level=exact]")).click();
    wait.until(d -> d.getCurrentUrl().contains("level=exact"));
    List<WebElement> exact = groups();
    assertEquals(1, exact.size());
    assertEquals(List.of("photo-exact.bmp", "photo.png"),
        exact.getFirst().findElements(By.cssSelector(".member")).stream().map(m -> m.getAttribute("data-id")).toList());
  }

  @SuppressWarnings("unchecked")
  private List<String> results() {
    wait.until(d -> "false".equals(d.findElement(By.id("results")).getAttribute("aria-busy"))
        && !d.findElement(By.id("status")).getText().startsWith("Searching"));
    return (List<String>) browser.executeScript("return [...document.querySelectorAll('#results li')].map(li => li.dataset.id)");
  }

  @Test
  void resultsShowOneCardPerGroupOfCopiesUntilAskedForEvery() throws Exception {
    browser.get(page + "?p=text:1:" + URLEncoder.encode(QUERY, StandardCharsets.UTF_8));
    wait.until(d -> d.findElement(By.id("collapse-choice")).getAttribute("hidden") == null);
    List<String> collapsed = results();
    List<String> photos = collapsed.stream().filter(id -> id.startsWith("photo")).toList();
    assertEquals(1, photos.size(), "one card for the photo and its copies: " + collapsed);
    WebElement card = browser.findElement(By.cssSelector("#results li[data-id='" + photos.getFirst() + "']"));
    assertEquals("+7 copies", card.findElement(By.cssSelector(".copies")).getText());
    Chromium.audit(browser, axe, "collapsed results");

    browser.findElement(By.cssSelector("#advanced summary")).click();
    new Select(browser.findElement(By.id("collapse"))).selectByValue("none");
    wait.until(d -> d.getCurrentUrl().contains("copies=none"));
    List<String> every = results();
    assertEquals(8, every.stream().filter(id -> id.startsWith("photo")).count(), "every copy: " + every);
    assertTrue(browser.findElements(By.cssSelector("#results .copies")).isEmpty());
  }
}

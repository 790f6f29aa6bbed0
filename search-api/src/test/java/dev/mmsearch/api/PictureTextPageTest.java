package dev.mmsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Text inside pictures in a real browser (Debian's headless Chromium), on {@link VideoIndex}'s
 * collection, whose catalog reads pictures: the detail view draws the boxes of the lines read over
 * the picture, where they are in it, the line the query matched marked; lists the lines with the
 * matched words marked; and the explanation quotes them. axe finds nothing serious in the view.
 */
@QuarkusTest
@TestProfile(VideoIndex.Profile.class)
class PictureTextPageTest {

  @TestHTTPResource("/")
  URL page;

  static String axe;

  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeAll
  static void installAxe() throws Exception {
    axe = Chromium.axe();
  }

  @BeforeEach
  void open() throws Exception {
    browser = Chromium.start();
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  @AfterEach
  void close() {
    if (browser != null) {
      browser.quit();
    }
  }

  private double number(String script, Object... args) {
    return ((Number) browser.executeScript(script, args)).doubleValue();
  }

  @Test
  void theDetailViewDrawsTheBoxesAndMarksTheMatchedWords() throws Exception {
    // Any ranking: the six-item collection is too small to calibrate (PictureTextApiTest says why).
    browser.get(page + "?p=text:1:friday");
    wait.until(d -> d.findElements(By.cssSelector("#results li[data-id='sign.png']")).size() == 1
        && d.findElement(By.id("status")).getText().contains("results"));
    WebElement card = browser.findElement(By.cssSelector("#results li[data-id='sign.png']"));
    card.findElement(By.cssSelector(".open")).click();
    WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
    WebElement img = wait.until(d -> {
      WebElement i = dialog.findElement(By.cssSelector(".picture-with-text img"));
      return Boolean.TRUE.equals(((ChromeDriver) d).executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", i))
          ? i : null;
    });

    // One box per line read, the matched one ("Monday to Friday", line 1) marked.
    List<WebElement> boxes = dialog.findElements(By.cssSelector("svg.text-boxes polygon"));
    assertEquals(2, boxes.size());
    assertEquals("text-box", boxes.get(0).getAttribute("class"));
    assertEquals("text-box matched", boxes.get(1).getAttribute("class"));

    // The matched box lies over the words in the picture as shown: the truth box of "Monday to Friday"
    // is (109,95)-(350,122) in the 460 × 170 picture, at whatever size the dialog shows it.
    double shownWidth = number("return arguments[0].getBoundingClientRect().width", img);
    double scale = shownWidth / 460;
    double left = number("return arguments[0].getBoundingClientRect().left - arguments[1].getBoundingClientRect().left",
        boxes.get(1), img);
    double top = number("return arguments[0].getBoundingClientRect().top - arguments[1].getBoundingClientRect().top",
        boxes.get(1), img);
    double width = number("return arguments[0].getBoundingClientRect().width", boxes.get(1));
    assertTrue(Math.abs(left / scale - 109) < 14 && Math.abs(top / scale - 95) < 12 && Math.abs(width / scale - 241) < 28,
        "box at " + left / scale + "," + top / scale + " width " + width / scale + " in picture pixels");

    // The lines, the matched word marked.
    List<WebElement> lines = dialog.findElements(By.cssSelector(".picture-text li"));
    assertEquals(List.of("NO PARKING", "Monday to Friday"), lines.stream().map(WebElement::getText).toList());
    assertEquals("Friday", lines.get(1).findElement(By.tagName("mark")).getText());
    assertTrue(lines.get(0).findElements(By.tagName("mark")).isEmpty());
    // The explanation quotes the matched line.
    WebElement quoted = dialog.findElement(By.cssSelector(".why-here .matched-text"));
    assertTrue(quoted.getText().contains("“Monday to Friday”"), quoted.getText());
    assertEquals("Friday", quoted.findElement(By.tagName("mark")).getText());
    Chromium.screenshot(browser, "picture-text-detail");
    Chromium.audit(browser, axe, "picture text detail");
  }
}

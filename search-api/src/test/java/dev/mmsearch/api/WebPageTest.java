package dev.mmsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.index.IndexingProgress;
import dev.mmsearch.testing.TestModels;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The search page in a real browser (Debian's headless Chromium) against the running app: composing
 * parts of every kind with negative weights, paging, facets, links and history, the detail view,
 * a keyboard-only path, the stale-request race, a phone screen, and an axe-core audit of each main
 * state (no serious or critical violation). Screenshots of the main states go to docs/screenshots.
 */
@QuarkusTest
class WebPageTest {

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

  /** A fresh tab, with the layout-shift recorder installed before any page script runs. */
  @BeforeEach
  void open() throws Exception {
    browser = shared;
    Chromium.freshTab(browser);
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    // Layout shifts over the page's whole life, as the Core Web Vitals count them.
    browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
        window.__cls = 0;
        window.__shifts = [];
        new PerformanceObserver((l) => l.getEntries().forEach((e) => {
          if (!e.hadRecentInput) {
            window.__cls += e.value;
            window.__shifts.push(e.value.toFixed(4) + ' at ' + Math.round(e.startTime) + ' ms: ' + e.sources.map((s) => s.node
              ? (s.node.id || s.node.className || s.node.nodeName) + ' ' + JSON.stringify(s.previousRect) + ' → ' + JSON.stringify(s.currentRect) : '?').join(', '));
          }
        }))
          .observe({ type: 'layout-shift', buffered: true });
        """));
  }

  // --- helpers ------------------------------------------------------------------------------

  private JavascriptExecutor js() {
    return browser;
  }

  private void load(String query) {
    browser.get(page.toString() + query);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("stats"), TestIndex.ITEMS + " items"));
  }

  /** Waits until no search is pending (typing debounce included), then gives the result ids in order. */
  private List<String> results() {
    wait.until(d -> "false".equals(d.findElement(By.id("results")).getAttribute("aria-busy"))
        && !d.findElement(By.id("status")).getText().startsWith("Searching"));
    @SuppressWarnings("unchecked")
    List<String> ids = (List<String>) js().executeScript("return [...document.querySelectorAll('#results li')].map(li => li.dataset.id)");
    return ids;
  }

  private WebElement part(int index) {
    return browser.findElements(By.cssSelector("#parts > li")).get(index);
  }

  /** Sets a part's weight slider as a user would: focus it and press keys (each arrow is 0.1). */
  private void setWeightByKeys(WebElement slider, double target) {
    js().executeScript("arguments[0].focus()", slider);
    double now = Double.parseDouble(slider.getAttribute("value"));
    Keys key = target < now ? Keys.ARROW_LEFT : Keys.ARROW_RIGHT;
    int steps = (int) Math.round(Math.abs(target - now) * 10);
    for (int i = 0; i < steps; i++) {
      slider.sendKeys(key);
    }
    assertEquals(target, Double.parseDouble(slider.getAttribute("value")), 1e-9);
  }

  private void screenshot(String name) throws Exception {
    Chromium.screenshot(browser, name);
  }

  /** Runs axe-core on the page as it is; fails on any serious or critical violation. */
  private void audit(String state) throws Exception {
    Chromium.audit(browser, axe, state);
  }

  /** Fused score per result id, as the cards show it. */
  private Map<String, Double> scores() {
    @SuppressWarnings("unchecked")
    Map<String, Object> raw = (Map<String, Object>) js().executeScript("""
        return Object.fromEntries([...document.querySelectorAll('#results li')]
          .map((li) => [li.dataset.id, Number(li.querySelector('.why').textContent.match(/score (-?[0-9.]+)/)[1])]))""");
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    raw.forEach((k, v) -> out.put(k, ((Number) v).doubleValue()));
    return out;
  }

  private String status() {
    return browser.findElement(By.id("status")).getText();
  }

  /** Emulates a phone's screen (375 × 812, as the phone test does). */
  private void phone() {
    browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", 375, "height", 812, "deviceScaleFactor", 2, "mobile", true));
  }

  /**
   * Words of the elements matching {@code selector} that the layout cuts across two lines ("brightne" /
   * "ss"): a word whose text range has more than one box.
   */
  private List<String> wordsCutAcrossLines(String selector) {
    @SuppressWarnings("unchecked")
    List<String> cut = (List<String>) js().executeScript("""
        const cut = [];
        for (const e of document.querySelectorAll(arguments[0])) {
          const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
          for (let t = walker.nextNode(); t; t = walker.nextNode()) {
            for (const m of t.textContent.matchAll(/\\S+/g)) {
              const r = document.createRange();
              r.setStart(t, m.index);
              r.setEnd(t, m.index + m[0].length);
              const lines = new Set([...r.getClientRects()].filter((b) => b.width > 0).map((b) => Math.round(b.top)));
              if (lines.size > 1) cut.push(m[0] + ' in ' + e.textContent);
            }
          }
        }
        return cut;""", selector);
    return cut;
  }

  /**
   * What of the open detail view does not fit: table cells whose content is wider than the cell,
   * a table wider than its box, a dialog that scrolls sideways.
   */
  private List<String> detailOverflow() {
    @SuppressWarnings("unchecked")
    List<String> bad = (List<String>) js().executeScript("""
        const bad = [];
        const dialog = document.getElementById('detail');
        const table = dialog.querySelector('table.contributions');
        if (!table) return ['no contributions table'];
        for (const c of table.querySelectorAll('th, td')) {
          if (c.scrollWidth > c.clientWidth) bad.push(`cell "${c.textContent}" ${c.scrollWidth} > ${c.clientWidth}`);
        }
        const box = table.parentElement;
        const t = table.getBoundingClientRect();
        const b = box.getBoundingClientRect();
        if (t.width > box.clientWidth + 0.5 || t.right > b.right + 0.5) bad.push(`table ${t.width} wide in a box of ${box.clientWidth}`);
        if (box.scrollWidth > box.clientWidth) bad.push(`table box scrolls: ${box.scrollWidth} > ${box.clientWidth}`);
        if (dialog.scrollWidth > dialog.clientWidth) bad.push(`dialog scrolls sideways: ${dialog.scrollWidth} > ${dialog.clientWidth}`);
        const d = dialog.getBoundingClientRect();
        if (t.right > d.right || d.right > document.documentElement.clientWidth + 0.5) bad.push(`outside the screen: ${t.right} ${d.right}`);
        return bad;""");
    return bad;
  }

  // --- tests --------------------------------------------------------------------------------

  @Test
  void textSearchShowsCardsWithoutLayoutShiftAndPassesTheAudit() throws Exception {
    load("");
    audit("empty page");
    WebElement text = browser.switchTo().activeElement();
    assertEquals("Text (part 1): text", text.getAttribute("aria-label"), "the text box has the focus on arrival");
    text.sendKeys("a green block over a purple egg");
    List<String> ids = results();
    assertEquals("tall-alpha.png", ids.getFirst(), "search as you type, without pressing Enter");
    assertTrue(ids.size() >= 5);
    wait.until(d -> (Boolean) js().executeScript(
        "return [...document.querySelectorAll('#results img')].every(i => i.complete)"));
    assertEquals(Boolean.TRUE, js().executeScript("return document.querySelector('#results img').naturalWidth > 0"));
    // Every card's picture box is square, and the page's layout does not depend on the pictures:
    // without them (as before they load) every card keeps its place and size.
    assertEquals(Boolean.TRUE, js().executeScript("""
        return [...document.querySelectorAll('#results .thumb')].every((t) => Math.abs(t.clientWidth - t.clientHeight) <= 1)"""));
    assertEquals(Boolean.TRUE, js().executeScript("""
        const rects = () => JSON.stringify([...document.querySelectorAll('#results li, #pager')].map((e) => e.getBoundingClientRect()));
        const loaded = rects();
        const imgs = [...document.querySelectorAll('#results img')];
        imgs.forEach((i) => { i.style.display = 'none'; });
        const without = rects();
        imgs.forEach((i) => { i.style.display = ''; });
        return loaded === without;"""), "card geometry is the same with and without the thumbnails");
    double cls = ((Number) js().executeScript("return window.__cls")).doubleValue();
    assertTrue(cls < 0.01, "cumulative layout shift " + cls + ": " + js().executeScript("return window.__shifts"));
    String summary = browser.findElement(By.id("summary")).getText();
    assertTrue(summary.matches("Results 1–\\d+ of \\d+.*"), summary);
    audit("results");
    screenshot("results");
  }

  /**
   * The test collection mixes captioned and uncaptioned pictures and sounds: a caption's words
   * find the captioned picture first and no sound among the clear matches; the "Sounds" chip
   * keeps only items holding a sound, in the link too, and "All" brings the rest back.
   */
  @Test
  void aCaptionsWordsFindItsPictureFirstInAMixedCollectionAndTheChipsChooseTheKind() throws Exception {
    load("");
    browser.switchTo().activeElement().sendKeys("a green block over a purple egg");
    List<String> ids = results();
    assertEquals("tall-alpha.png", ids.getFirst(), "the captioned picture first: " + ids);
    Map<String, Double> scores = scores();
    for (String sound : List.of("speech.wav", "small.ogg")) {
      assertTrue(!scores.containsKey(sound) || scores.get(sound) < scores.get("tall-alpha.png") / 2,
          "a sound is no match for a caption's words: " + scores);
    }
    WebElement sounds = browser.findElement(By.cssSelector("#show button[data-show=audio]"));
    assertEquals("false", sounds.getAttribute("aria-pressed"));
    sounds.click();
    List<String> onlySounds = results();
    assertEquals("true", sounds.getAttribute("aria-pressed"));
    assertFalse(onlySounds.isEmpty(), "the collection has sounds");
    for (String id : onlySounds) {
      @SuppressWarnings("unchecked")
      Map<String, Object> item = (Map<String, Object>) js().executeScript(
          "return fetch('/api/items/' + arguments[0]).then(r => r.json())", id);
      assertTrue(((Map<?, ?>) item.get("metadata")).get("modality").toString().contains("audio"), id + " holds a sound");
    }
    assertTrue(browser.getCurrentUrl().contains("show=audio"), "the choice is in the link: " + browser.getCurrentUrl());
    assertTrue(browser.findElements(By.cssSelector("#facets fieldset[data-key=modality]")).isEmpty(),
        "the chip is the modality filter: no facet contradicts it");
    browser.findElement(By.cssSelector("#show button[data-show='']")).click();
    assertEquals(ids, results(), "All shows the whole ranking again");
  }

  @Test
  void composeWithANegativeWeightPushesLookAlikesDown() throws Exception {
    load("");
    browser.switchTo().activeElement().sendKeys("a red circle and a blue square");
    List<String> before = results();
    assertEquals("photo.png", before.getFirst(), "photo.png ranks first on its own caption: " + before);
    Map<String, Double> scoresBefore = scores();

    browser.findElement(By.id("image-file")).sendKeys(TestModels.reference("photo.png").toAbsolutePath().toString());
    wait.until(d -> d.findElements(By.cssSelector("#parts > li")).size() == 2);
    WebElement image = part(1);
    assertEquals("image", image.getAttribute("data-type"));
    results();
    setWeightByKeys(image.findElement(By.cssSelector("input[type=range]")), -1.0);
    List<String> after = results();
    assertTrue(image.getAttribute("class").contains("negative"));
    assertTrue(image.findElement(By.tagName("output")).getText().contains("less like this"));
    Map<String, Double> scoresAfter = scores();
    // The picture and its copy lose score against the text-only query.
    for (String id : List.of("photo.png", "sub dir/same photo.webp")) {
      assertTrue(scoresAfter.getOrDefault(id, Double.NEGATIVE_INFINITY) < scoresBefore.get(id) - 0.05,
          id + " went down: " + scoresBefore + " → " + scoresAfter);
    }
    assertTrue(after.indexOf("photo.png") > before.indexOf("photo.png"), before + " → " + after);
    assertTrue(browser.findElement(By.id("link-note")).getText().contains("not in this page’s link"),
        "an uploaded image cannot be shared by link, and the page says so");
    screenshot("compose-negative");

    // The detail view names the negative part in the explanation.
    browser.findElement(By.cssSelector("#results li .open")).click();
    WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
    String table = dialog.findElement(By.cssSelector("table.contributions")).getText();
    assertTrue(table.contains("Part 1 · text “a red circle and a blue square”"), table);
    assertTrue(table.contains("Part 2 · image photo.png"), table);
    assertFalse(dialog.findElements(By.cssSelector("tr.negative")).isEmpty(), "a negative contribution is marked");

    // Only negative parts: the page says why instead of sending a query the API would refuse.
    dialog.findElement(By.id("detail-close")).click();
    // Closing goes back in history (the dialog was opened with its own entry); the composer is
    // drawn again from that entry, so find the slider once the page is back there.
    wait.until(d -> !d.getCurrentUrl().contains("open="));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
      setWeightByKeys(part(0).findElement(By.cssSelector("input[type=range]")), -0.5);
      return true;
    });
    results();
    assertEquals("At least one part needs a weight above 0: parts below 0 only push results down.", status());
  }

  @Test
  void pagingWalksTheRankingWithoutOverlap() {
    load("?p=text:1:a&k=2");
    List<String> seen = new ArrayList<>(results());
    String summary = browser.findElement(By.id("summary")).getText();
    int total = Integer.parseInt(summary.replaceAll("Results 1–2 of (\\d+).*", "$1"));
    assertTrue(total >= 5, summary);
    assertTrue(browser.findElement(By.id("prev")).getAttribute("disabled") != null);
    int pages = 1;
    while (browser.findElement(By.id("next")).getAttribute("disabled") == null) {
      browser.findElement(By.id("next")).click();
      pages++;
      wait.until(ExpectedConditions.urlContains("page=" + pages));
      seen.addAll(results());
      assertEquals("Page " + pages + " of " + (total + 1) / 2, browser.findElement(By.id("page-info")).getText());
    }
    assertEquals(total, seen.size(), "every page but the last is full: " + seen);
    assertEquals(total, new HashSet<>(seen).size(), "no item on two pages: " + seen);
    assertEquals("results-heading", browser.switchTo().activeElement().getAttribute("id"), "focus moves to the new page's top");
    // Back returns to the previous page of the same query.
    browser.navigate().back();
    wait.until(ExpectedConditions.textToBe(By.id("page-info"), "Page " + (pages - 1) + " of " + pages));
    assertEquals(seen.subList((pages - 2) * 2, (pages - 1) * 2), results());
  }

  @Test
  void aFacetFiltersTheResultsAndLivesInTheUrl() throws Exception {
    load("?p=text:1:a");
    results();
    WebElement shop = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("fieldset.facet[data-key=shop]")));
    assertTrue(shop.getText().contains("north (1)") && shop.getText().contains("south (1)"), shop.getText());
    shop.findElement(By.xpath(".//label[contains(., 'north')]")).click();
    wait.until(ExpectedConditions.urlContains("f=shop%3Anorth"));
    assertEquals(List.of("photo.png"), results());
    assertTrue(browser.findElement(By.cssSelector("fieldset.facet[data-key=shop] input")).isSelected());
    // A numeric range from the indexed metadata: pictures at least 100 px wide.
    browser.findElement(By.cssSelector("fieldset.facet[data-key=shop] input")).click();
    results();
    browser.findElement(By.cssSelector("details.ranges summary")).click();
    WebElement width = browser.findElement(By.cssSelector(".range[data-key=width] input"));
    width.sendKeys("100", Keys.TAB);
    wait.until(ExpectedConditions.urlContains("r=width%3A100%3A"));
    List<String> wide = results();
    assertFalse(wide.isEmpty());
    assertFalse(wide.contains("small.png"), "small.png is narrower than 100 px: " + wide);
    // The filter in force is shown above the results, and removable there.
    WebElement chip = browser.findElement(By.cssSelector("#active-filters button"));
    assertEquals("width (px) ≥ 100 ✕", chip.getText());
    audit("filters");
    js().executeScript("window.scrollTo(0, 0)");
    screenshot("filters");
    chip.click();
    wait.until(d -> !d.getCurrentUrl().contains("r=width"));
    assertTrue(results().contains("small.png"));
    assertTrue(browser.findElements(By.cssSelector("#active-filters button")).isEmpty());
  }

  /**
   * A facet's count is the number of results ticking it gives. The page's ranking window is cut to
   * 3 (its request rewritten) so that, on the 7-item collection, the filter — applied inside the kNN
   * search — reaches items the unfiltered window leaves out: counted in the window, some value
   * would say fewer than its filter gives.
   */
  @Test
  void aFacetsCountIsTheNumberOfResultsTickingItGives() throws Exception {
    browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
        const real = window.fetch;
        window.fetch = (url, options = {}) => {
          if (String(url).startsWith('/api/search') && options.body) {
            const body = JSON.parse(options.body);
            body.window = 3;
            options = { ...options, body: JSON.stringify(body) };
          }
          return real(url, options);
        };"""));
    load("?p=text:1:a");
    results();
    assertTrue(browser.findElement(By.id("summary")).getText().startsWith("Results 1–3 of 3"),
        browser.findElement(By.id("summary")).getText());
    // The same query's window of 3, straight from the API: what each value's count in the window would be.
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> window = (List<Map<String, Object>>) js().executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        fetch('/api/search', { method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ parts: [{ type: 'text', text: 'a' }], k: 3, window: 3 }) })
          .then((r) => r.json()).then((r) => done(r.hits.map((h) => h.item.metadata)));""");
    int beyondTheWindow = 0;
    for (String key : List.of("format", "modality")) {
      WebElement facet = browser.findElement(By.cssSelector("fieldset.facet[data-key=" + key + "]"));
      List<String> values = facet.findElements(By.cssSelector("input")).stream().map(i -> i.getAttribute("value")).toList();
      assertFalse(values.isEmpty(), key);
      for (String value : values) {
        WebElement label = browser.findElement(By.xpath("//fieldset[@data-key='" + key + "']//label[starts-with(., '" + value + " (')]"));
        int count = Integer.parseInt(label.getText().replaceAll(".*\\((\\d+)\\)$", "$1"));
        long inWindow = window.stream().filter(m -> ((List<?>) m.getOrDefault(key, List.of())).contains(value)).count();
        if (count > inWindow) {
          beyondTheWindow++;
        }
        label.click();
        wait.until(ExpectedConditions.urlContains("f=" + key + "%3A" + value));
        List<String> ticked = results();
        assertEquals(count, ticked.size(), key + ": " + value + " said " + count + " and gave " + ticked);
        assertTrue(browser.findElement(By.id("summary")).getText().startsWith("Results 1–" + count + " of " + count),
            browser.findElement(By.id("summary")).getText());
        browser.findElement(By.xpath("//fieldset[@data-key='" + key + "']//label[starts-with(., '" + value + " (')]")).click();
        wait.until(d -> !d.getCurrentUrl().contains("f=" + key));
        results();
      }
    }
    assertTrue(beyondTheWindow > 0, "some value's filter finds more than the window holds: " + window);
    assertTrue(browser.findElement(By.id("facet-counts")).getText().contains("how many results ticking it gives"));
  }

  /**
   * Number ranges: names never cut inside a word (on a desktop and on a phone), "taken" read and
   * written as dates (the API's epoch seconds in the link), colours with swatches that name them.
   */
  @Test
  void rangesReadWholeWordsAndDatesAndColoursShowSwatches() throws Exception {
    load("?p=text:1:a");
    results();
    browser.findElement(By.cssSelector("details.ranges summary")).click();
    assertTrue(browser.findElements(By.cssSelector(".range-name")).size() > 5);
    assertEquals(List.of(), wordsCutAcrossLines(".range-name"), "range names break between words only");
    js().executeScript("document.querySelector('fieldset.facet[data-key=palette]').scrollIntoView({ block: 'start' })");
    screenshot("ranges");
    checkPaletteSwatches();
    audit("ranges and colours");

    // taken: dates in the inputs and in the chip; a new date goes into the link as seconds. (No
    // test picture has a date: the range finds nothing, and its row stays.)
    load("?p=text:1:a&r=taken:1546300800:1577836799");
    results();
    assertTrue(browser.findElement(By.cssSelector("details.ranges")).getAttribute("open") != null,
        "a range in force keeps the ranges open");
    WebElement taken = browser.findElement(By.cssSelector(".range[data-key=taken]"));
    assertTrue(taken.getText().startsWith("date taken"), taken.getText());
    List<WebElement> dates = taken.findElements(By.cssSelector("input"));
    assertEquals("date", dates.get(0).getAttribute("type"));
    assertEquals("2019-01-01", dates.get(0).getAttribute("value"));
    assertEquals("2019-12-31", dates.get(1).getAttribute("value"));
    assertEquals("2019-01-01 ≤ date taken ≤ 2019-12-31 ✕", browser.findElement(By.cssSelector("#active-filters button")).getText());
    js().executeScript("arguments[0].value = '2019-06-01'; arguments[0].dispatchEvent(new Event('change', { bubbles: true }))",
        dates.get(0));
    wait.until(ExpectedConditions.urlContains("r=taken%3A1559347200%3A1577836799"));
    results();
    assertEquals("2019-06-01 ≤ date taken ≤ 2019-12-31 ✕", browser.findElement(By.cssSelector("#active-filters button")).getText());
    assertEquals(List.of(), wordsCutAcrossLines(".range"), "the date row");

    // On a phone, the filters unfolded: still whole words.
    phone();
    load("?p=text:1:a");
    results();
    browser.findElement(By.cssSelector("#filters summary")).click();
    browser.findElement(By.cssSelector("details.ranges summary")).click();
    assertEquals(List.of(), wordsCutAcrossLines(".range-name"), "range names on a phone");
    assertEquals(Boolean.TRUE, js().executeScript("return document.documentElement.scrollWidth <= 375"), "no sideways scrolling");
  }

  /** Palette values: a swatch in the value's colour, named for a screen reader. */
  private void checkPaletteSwatches() {
    List<WebElement> colours = browser.findElements(By.cssSelector("fieldset.facet[data-key=palette] .facet-value"));
    assertFalse(colours.isEmpty(), "the test collection has palettes");
    for (WebElement value : colours) {
      WebElement swatch = value.findElement(By.cssSelector(".swatch"));
      String hex = value.findElement(By.tagName("input")).getAttribute("value");
      assertEquals("img", swatch.getAttribute("role"));
      String name = swatch.getAttribute("aria-label");
      assertTrue(name.matches("((dark|light) )?(black|white|grey|red|orange|brown|yellow|green|cyan|blue|purple|pink)"), name);
      assertEquals(Boolean.TRUE, js().executeScript("""
          const probe = document.createElement('span');
          probe.style.color = arguments[1];
          document.body.append(probe);
          const same = getComputedStyle(probe).color === getComputedStyle(arguments[0]).backgroundColor;
          probe.remove();
          return same;""", swatch, hex), hex + " is the swatch's colour");
      assertTrue(swatch.getSize().getWidth() >= 10, "the swatch is visible");
      String spoken = value.findElement(By.tagName("input")).getAccessibleName();
      assertTrue(spoken.startsWith(name + " " + hex + " ("), spoken);
    }
  }

  /** The page loads without an error in the console (no 404 for its icon or anything else), and its icon is served. */
  /**
   * While an indexing job runs beside the server ({@code mmsearch demo}), the header says how far
   * it got and keeps that current; a job that stopped moving is said to have; once the job's last
   * commit is in, the page says so and offers to search again. The job is played by commits of
   * progress to the served index, as the indexer writes them.
   */
  @Test
  void anIndexingJobBesideTheServerShowsItsProgressUntilItIsDone() throws Exception {
    try (dev.mmsearch.catalog.Spaces spaces = dev.mmsearch.catalog.Spaces.load(
            dev.mmsearch.catalog.Catalog.load(TestIndex.catalog()), dev.mmsearch.encode.EncoderOptions.DEFAULTS);
        dev.mmsearch.index.lucene.LuceneItemIndex writer = dev.mmsearch.index.lucene.LuceneItemIndex.openForWriting(
            TestIndex.index(), spaces.schema())) {
      String recorded = writer.commitData().get(IndexingProgress.COMMIT_KEY);
      Instant started = Instant.now().minusSeconds(900);
      try {
        writer.commit(Map.of(IndexingProgress.COMMIT_KEY,
            new IndexingProgress(true, 20, 7, 1, started, Instant.now().minusSeconds(600)).toJson()));
        load("?p=text:1:a green block over a purple egg");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("indexing-text"),
            "Indexing has not moved for 10 min at 7 of 20 files, 1 skipped: if it was stopped, run mmsearch index again to finish."));

        writer.commit(Map.of(IndexingProgress.COMMIT_KEY, new IndexingProgress(true, 20, 7, 1, started, Instant.now()).toJson()));
        load("?p=text:1:a green block over a purple egg");
        results();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("indexing-text"),
            "Indexing: 7 of 20 files (35%), 1 skipped; results cover those so far."));
        WebElement bar = browser.findElement(By.id("indexing-bar"));
        assertEquals(List.of("7", "20"), List.of(bar.getDomProperty("value"), bar.getDomProperty("max")));
        assertFalse(browser.findElement(By.id("indexing-again")).isDisplayed());
        audit("indexing");
        screenshot("indexing");

        // The page asks again on its own while the job runs.
        writer.commit(Map.of(IndexingProgress.COMMIT_KEY, new IndexingProgress(true, 20, 13, 1, started, Instant.now()).toJson()));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("indexing-text"), "Indexing: 13 of 20 files (65%)"));
        writer.commit(Map.of(IndexingProgress.COMMIT_KEY, new IndexingProgress(false, 20, 20, 1, started, Instant.now()).toJson()));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("indexing-text"), "Indexing finished: 20 files, 1 skipped."));
        assertFalse(bar.isDisplayed());
        browser.findElement(By.id("indexing-again")).click();
        assertEquals("tall-alpha.png", results().getFirst());
        assertFalse(browser.findElement(By.id("indexing")).isDisplayed());
      } finally {
        writer.commit(Map.of(IndexingProgress.COMMIT_KEY, recorded));
      }
    }
  }

  @Test
  void thePageLoadsWithoutConsoleErrorsAndHasAnIcon() throws Exception {
    load("?p=text:1:a green block over a purple egg");
    results();
    Thread.sleep(500); // the icon is fetched after the load
    List<String> problems = new ArrayList<>();
    for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
      if (e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue() || e.getMessage().contains("404")) {
        problems.add(e.getLevel() + " " + e.getMessage());
      }
    }
    assertEquals(List.of(), problems, "the console on load");
    assertTrue(browser.findElement(By.cssSelector("link[rel=icon]")).getAttribute("href").endsWith("/favicon.svg"));
    assertEquals("200 image/svg+xml", js().executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        fetch('/favicon.svg').then((r) => done(r.status + ' ' + r.headers.get('content-type').split(';')[0]));"""));
    // The check sees a failed load: a request for a missing file shows in the console.
    js().executeAsyncScript("const done = arguments[arguments.length - 1]; fetch('/no-such-file.txt').then(() => done());");
    assertTrue(browser.manage().logs().get(LogType.BROWSER).getAll().stream().anyMatch(e -> e.getMessage().contains("404")),
        "a 404 reaches the log this test reads");
  }

  @Test
  void aDeepLinkRestoresTheQueryAndBackForwardWork() throws Exception {
    load("?k=2");
    browser.switchTo().activeElement().sendKeys("colourful noise");
    results();
    browser.findElement(By.cssSelector("[data-add=palette]")).click();
    results();
    WebElement colours = part(1);
    js().executeScript("const c = arguments[0]; c.value = '#2040c0'; c.dispatchEvent(new Event('change', {bubbles: true}))",
        colours.findElement(By.cssSelector("input[type=color]")));
    results();
    setWeightByKeys(colours.findElement(By.cssSelector("input[type=range]")), 0.5);
    results();
    browser.findElement(By.cssSelector("#advanced summary")).click();
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("fusion"))).selectByValue("rrf");
    results();
    browser.findElement(By.id("next")).click();
    wait.until(ExpectedConditions.urlContains("page=2"));
    List<String> page2 = results();
    String link = browser.getCurrentUrl();
    assertTrue(link.contains("p=text%3A1%3Acolourful+noise") && link.contains("p=palette%3A0.5%3A%232040c0")
        && link.contains("fusion=rrf") && link.contains("page=2"), link);

    // A fresh page from the link alone: same parts, weights, options and results.
    open();
    browser.get(link);
    assertEquals(page2, results());
    assertEquals("colourful noise", part(0).findElement(By.cssSelector("input[type=search]")).getAttribute("value"));
    assertEquals("#2040c0", part(1).findElement(By.cssSelector("input[type=color]")).getAttribute("value"));
    assertEquals("0.5", part(1).findElement(By.cssSelector("input[type=range]")).getAttribute("value"));
    assertEquals("rrf", browser.findElement(By.id("fusion")).getAttribute("value"));
    assertTrue(browser.findElement(By.id("page-info")).getText().startsWith("Page 2 of "));

    // Two more queries, then back and forward through them.
    WebElement text = part(0).findElement(By.cssSelector("input[type=search]"));
    text.clear();
    text.sendKeys("a red circle and a blue square", Keys.ENTER);
    List<String> red = results();
    Map<String, Double> redScores = scores();
    part(0).findElement(By.cssSelector("input[type=search]")).clear();
    part(0).findElement(By.cssSelector("input[type=search]")).sendKeys("a green block over a purple egg", Keys.ENTER);
    List<String> green = results();
    Map<String, Double> greenScores = scores();
    // The two pages of two items may hold the same items (reciprocal rank over this tiny index's
    // many lists): their scores tell the two answers apart.
    assertNotEquals(redScores, greenScores);
    browser.navigate().back();
    wait.until(d -> "a red circle and a blue square".equals(part(0).findElement(By.cssSelector("input[type=search]")).getAttribute("value")));
    assertEquals(red, results());
    assertEquals(redScores, scores());
    browser.navigate().back();
    wait.until(d -> "colourful noise".equals(part(0).findElement(By.cssSelector("input[type=search]")).getAttribute("value")));
    assertEquals(page2, results(), "back to the linked page 2");
    browser.navigate().forward();
    browser.navigate().forward();
    wait.until(d -> "a green block over a purple egg".equals(part(0).findElement(By.cssSelector("input[type=search]")).getAttribute("value")));
    assertEquals(green, results());
    assertEquals(greenScores, scores());
  }

  @Test
  void theDetailViewExplainsAndLeadsToSimilarItems() throws Exception {
    load("?p=text:1:a green block over a purple egg");
    assertEquals("tall-alpha.png", results().getFirst());
    browser.findElement(By.cssSelector("#results li[data-id='tall-alpha.png'] .open")).click();
    WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
    wait.until(ExpectedConditions.urlContains("open=tall-alpha.png"));
    assertEquals("a green block over a purple egg", dialog.findElement(By.id("detail-title")).getText());
    String table = dialog.findElement(By.cssSelector("table.contributions")).getText();
    assertTrue(table.contains("Part 1 · text “a green block over a purple egg”") && table.contains("clip.text"), table);
    String metadata = dialog.findElement(By.tagName("dl")).getText();
    assertTrue(metadata.contains("shop\nsouth") && metadata.contains("width"), metadata);
    assertTrue((Boolean) js().executeScript("const i = document.querySelector('#detail img'); return i.complete && i.naturalWidth > 0"));
    assertEquals(List.of("Field", "Rank", "Field score", "Evidence", "Contribution"),
        dialog.findElements(By.cssSelector("table.contributions thead th")).stream().map(WebElement::getText).toList());
    assertEquals(List.of(), detailOverflow(), "every column of the detail view shows whole");
    audit("detail");
    js().executeScript("document.querySelector('#detail table.contributions').scrollIntoView({ block: 'end' })");
    screenshot("detail");

    // The link with open= reopens the same view on a fresh page.
    String link = browser.getCurrentUrl();
    browser.get(link);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
    assertEquals("a green block over a purple egg", browser.findElement(By.id("detail-title")).getText());
    // Back closes the view opened from a result.
    browser.findElement(By.id("detail-close")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("detail")));
    assertFalse(browser.getCurrentUrl().contains("open="));
    browser.findElement(By.cssSelector("#results li[data-id='tall-alpha.png'] .open")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
    browser.navigate().back();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("detail")));

    // "Similar items" from the view: the query becomes that item, and the composer says so.
    browser.findElement(By.cssSelector("#results li[data-id='tall-alpha.png'] .open")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail-similar"))).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("detail")));
    List<String> similar = results();
    assertEquals("like tall-alpha.png", part(0).findElement(By.cssSelector(".file-name")).getText());
    assertFalse(similar.contains("tall-alpha.png"), "the item itself is not its own neighbour: " + similar);
    assertTrue(similar.size() >= 3);
    assertTrue(browser.getCurrentUrl().contains("p=item%3A1%3Atall-alpha.png"), "an item query is a shareable link");
  }

  @Test
  void keyboardOnlyFromQueryToDetailAndBack() {
    load("");
    Actions keys = new Actions(browser);
    keys.sendKeys("a red circle and a blue square").sendKeys(Keys.ENTER).perform();
    results();
    // Tab from the text box: the weight, the add buttons (the image picker among them), … then the first result.
    List<String> passed = new ArrayList<>();
    for (int i = 0; i < 80 && !browser.switchTo().activeElement().getAttribute("class").equals("open"); i++) {
      keys.sendKeys(Keys.TAB).perform();
      WebElement at = browser.switchTo().activeElement();
      passed.add(at.getTagName() + ":" + (at.getAttribute("aria-label") != null ? at.getAttribute("aria-label") : at.getText()));
    }
    assertTrue(passed.contains("button:+ Image"), "the image picker is reachable by keyboard: " + passed);
    assertTrue(passed.contains("button:+ Sound"), passed.toString());
    WebElement card = browser.switchTo().activeElement();
    assertEquals("open", card.getAttribute("class"), "reached a result: " + passed);
    keys.sendKeys(Keys.ENTER).perform();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
    assertEquals("detail-close", browser.switchTo().activeElement().getAttribute("id"), "focus moves into the dialog");
    keys.sendKeys(Keys.TAB).perform();
    assertEquals("detail-similar", browser.switchTo().activeElement().getAttribute("id"));
    keys.sendKeys(Keys.ESCAPE).perform();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("detail")));
    assertEquals(card, browser.switchTo().activeElement(), "focus returns to the card that opened the view");
  }

  /**
   * An older search answering after a newer one must not replace it: the first query's request is
   * held back 1.5 s (and ignores the page's abort), the second answers at once.
   */
  @Test
  void aLateAnswerToAnOldQueryDoesNotReplaceTheNewOne() throws Exception {
    load("");
    js().executeScript("""
        const real = window.fetch;
        window.fetch = (url, options = {}) => {
          if (options.body && options.body.includes('red circle')) {
            const { signal, ...rest } = options;
            return new Promise((r) => setTimeout(r, 1500)).then(() => real(url, rest));
          }
          return real(url, options);
        };""");
    WebElement text = browser.switchTo().activeElement();
    text.sendKeys("a red circle and a blue square");
    Thread.sleep(600); // past the typing delay: the slow request is in flight
    text.sendKeys(Keys.chord(Keys.CONTROL, "a"), "a green block over a purple egg");
    assertEquals("tall-alpha.png", results().getFirst());
    Thread.sleep(1500); // the old answer arrives now
    assertEquals("tall-alpha.png", results().getFirst(), "the stale answer was dropped");
    assertTrue(browser.getCurrentUrl().contains("green+block"));
  }

  @Test
  void soundsPasteAndFieldChoice() throws Exception {
    load("");
    browser.findElement(By.id("audio-file")).sendKeys(TestModels.reference("audio/speech.wav").toAbsolutePath().toString());
    wait.until(d -> d.findElements(By.cssSelector("#parts > li[data-type=audio]")).size() == 1);
    List<String> ids = results();
    assertEquals("speech.wav", ids.getFirst());
    // The item without a picture (the sound alone) gets a card that says what it is, with its player.
    WebElement sound = browser.findElement(By.cssSelector("#results li[data-id='speech.wav']"));
    assertEquals("♪", sound.findElement(By.cssSelector(".glyph")).getText());
    assertTrue(sound.getAttribute("class").contains("card-sound"));
    assertEquals(1, sound.getText().split("speech\\.wav", -1).length - 1, "the card names the sound once: " + sound.getText());
    Object played = js().executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        const a = document.querySelector('#results li[data-id="speech.wav"] audio');
        a.addEventListener('error', () => done('error ' + (a.error && a.error.code)));
        a.play().then(() => setTimeout(() => done(a.duration > 1 && a.currentTime > 0 && !a.paused ? 'playing' : 'stalled '
            + a.duration + ' ' + a.currentTime), 400)).catch((e) => done('refused ' + e));
        """);
    assertEquals("playing", played, "a sound result plays inline");

    // Paste an image from the clipboard: it becomes an image part.
    js().executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        fetch('/api/thumbnails/photo.png').then((r) => r.blob()).then((b) => {
          const data = new DataTransfer();
          data.items.add(new File([b], 'pasted.jpg', { type: 'image/jpeg' }));
          document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
          done();
        });""");
    wait.until(d -> d.findElements(By.cssSelector("#parts > li[data-type=image]")).size() == 1);
    results();
    // Drop a picture file on the page: another image part; a file of another kind is refused with a sentence.
    js().executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        fetch('/api/thumbnails/tall-alpha.png').then((r) => r.blob()).then((b) => {
          const data = new DataTransfer();
          data.items.add(new File([b], 'dropped.jpg', { type: 'image/jpeg' }));
          document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
          done();
        });""");
    wait.until(d -> d.findElements(By.cssSelector("#parts > li[data-type=image]")).size() == 2);
    assertEquals("dropped.jpg", part(3).findElement(By.cssSelector(".file-name")).getText());
    results();
    js().executeScript("""
        const data = new DataTransfer();
        data.items.add(new File(['plain words'], 'notes.txt', { type: 'text/plain' }));
        document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));""");
    wait.until(d -> status().equals("notes.txt is not an image, a sound or a video."));
    browser.findElement(By.cssSelector("#parts > li:nth-child(4) .remove")).click();
    results();

    // Advanced: search only clip.image: every explanation names only that field.
    browser.findElement(By.cssSelector("#advanced summary")).click();
    browser.findElement(By.cssSelector("#field-choice label[for=field-clip-image]")).click();
    wait.until(ExpectedConditions.urlContains("fields=clip.image"));
    results();
    @SuppressWarnings("unchecked")
    List<String> why = (List<String>) js().executeScript("return [...document.querySelectorAll('#results .why')].map(e => e.textContent)");
    assertFalse(why.isEmpty());
    assertTrue(why.stream().allMatch(w -> w.endsWith("· clip.image")), why.toString());

    // Back: the field choice is undone, and the uploaded sound and pasted image come back from the history entry.
    browser.navigate().back();
    wait.until(d -> !d.getCurrentUrl().contains("fields="));
    results();
    assertEquals(1, browser.findElements(By.cssSelector("#parts > li[data-type=audio]")).size());
    assertEquals(1, browser.findElements(By.cssSelector("#parts > li[data-type=image]")).size());
  }

  @Test
  void problemsAreShownAsSentences() throws Exception {
    load("");
    browser.findElement(By.cssSelector("[data-add=metadata]")).click();
    WebElement look = part(1).findElement(By.cssSelector("input"));
    assertEquals(look, browser.switchTo().activeElement(), "a new part takes the focus");
    look.sendKeys("sparkly");
    results();
    // The API counts parts from 0 over those it was sent (the empty text part was not): the page names its own row.
    assertTrue(status().startsWith("Bad Request: Part 2 (look): unknown look word 'sparkly' (known: "), status());
    assertEquals("alert", browser.findElement(By.id("status")).getAttribute("role"));
    look.clear();
    look.sendKeys("bright");
    results();
    assertTrue(status().matches("\\d+ results · .*"), status());
    // A file over the server's image limit (1 MB in the tests): the 413 problem becomes a sentence with a hint.
    Path big = Files.createTempFile("big", ".png");
    byte[] noise = new byte[1_200_000];
    new java.util.Random(5).nextBytes(noise);
    Files.write(big, noise);
    look.clear();
    browser.findElement(By.id("image-file")).sendKeys(big.toAbsolutePath().toString());
    wait.until(d -> d.findElements(By.cssSelector("#parts > li[data-type=image]")).size() == 1);
    results();
    assertTrue(status().startsWith("Content Too Large: JSON body exceeds a size limit: a string value is ")
        && status().contains("characters, more than the 1334360 allowed") && status().endsWith("— the file is too large for this server"),
        status());
    // A link with a part the page cannot read opens the rest and says what it left out.
    load("?p=text:1:red&p=sparkle:1:x&p=palette:1:notacolour");
    results();
    assertTrue(browser.findElement(By.id("link-note")).getText().contains("query part “sparkle:1:x”"));
    assertTrue(browser.findElement(By.id("link-note")).getText().contains("colours “notacolour”"));
  }

  @Test
  void aPhoneScreenGetsOneColumnAndNoSidewaysScrolling() throws Exception {
    phone();
    load("?p=text:1:a green block over a purple egg");
    results();
    assertEquals(375L, js().executeScript("return document.documentElement.clientWidth"));
    assertEquals(Boolean.TRUE, js().executeScript("return document.documentElement.scrollWidth <= 375"), "no sideways scrolling");
    assertEquals(Boolean.TRUE, js().executeScript("""
        return [...document.querySelectorAll('button, input, select, summary')].filter((e) => e.offsetParent)
          .every((e) => e.getBoundingClientRect().right <= 375.5)"""), "every control fits the width");
    assertFalse(browser.findElement(By.id("filters")).getAttribute("open") != null, "filters start folded on a phone");
    audit("phone");
    screenshot("phone");
    // The detail view with two parts' contributions: every column whole, nothing sideways.
    load("?p=text:1:a green block over a purple egg&p=palette:1:%2320c040&open=tall-alpha.png");
    results();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#detail table.contributions")));
    assertTrue(browser.findElements(By.cssSelector("#detail tbody")).size() >= 2, "a row group per part");
    assertEquals(List.of(), detailOverflow(), "the detail view on a phone");
    js().executeScript("document.querySelector('#detail .why-here').scrollIntoView({ block: 'start' })");
    screenshot("detail-phone");
  }
}

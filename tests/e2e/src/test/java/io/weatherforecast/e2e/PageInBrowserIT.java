package io.weatherforecast.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The page in a real, headless Chromium (Debian's chromium and chromium-driver packages).
 * Outside CI the test is skipped, with a message, on machines without them; in CI
 * (CI=true) a missing browser fails the build.
 */
@Order(2)
@ExtendWith(SharedWeatherCluster.class)
class PageInBrowserIT {

    /** Where i18n.js keeps the chosen language. */
    private static final String LANGUAGE_KEY = "weather-forecast.lang";

    /** The impacts of an axe-core violation that fail the accessibility test. */
    private static final Set<String> SEVERE = Set.of("serious", "critical");

    static WebDriver browser;

    static WebDriverWait wait;

    static String pageUrl;

    static String pageV2Url;

    @BeforeAll
    static void openBrowser(WeatherCluster cluster) throws IOException {
        Optional<Path> chromium = firstExisting("/usr/bin/chromium", "/usr/bin/chromium-browser",
                "/usr/bin/google-chrome");
        Optional<Path> driver = firstExisting("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        if (chromium.isEmpty() || driver.isEmpty()) {
            String message = "No Chromium and chromedriver found (on Debian or Ubuntu: apt-get install chromium chromium-driver)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(false, "Skipping the browser test. " + message);
        }
        ChromeOptions options = new ChromeOptions().setBinary(chromium.get().toFile())
            .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1280,1600", "--lang=en-US",
                    "--user-data-dir=" + Files.createTempDirectory("weather-chromium"));
        // a page that never loads fails its test instead of holding the whole build
        options.setPageLoadTimeout(Duration.ofSeconds(30));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
            .usingAnyFreePort()
            .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        pageUrl = cluster.frontend().baseUrl() + "/";
        pageV2Url = cluster.service("frontend-v2").baseUrl() + "/";
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aVisitorPicksACityAndSeesTheForecastTheRouteAndTheCanaryMeter() {
        open(pageUrl);

        WebElement search = browser.findElement(By.id("city-search"));
        search.sendKeys("Shang");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#city-options [data-city='shanghai']")))
            .click();

        wait.until(ExpectedConditions.textToBe(By.id("current-city"), "Shanghai"));
        assertThat(browser.findElements(By.cssSelector("#days-list .day"))).hasSize(3);
        assertThat(browser.findElement(By.id("current-temp")).getText()).matches("-?\\d+");
        assertThat(browser.findElement(By.id("ad")).isDisplayed()).isTrue();
        assertThat(browser.getCurrentUrl()).contains("city=shanghai");

        List<WebElement> paths = browser.findElements(By.cssSelector("#route .route-path"));
        assertThat(paths).hasSize(2);
        assertThat(services(paths.get(0))).startsWith("frontend", "forecast");
        assertThat(services(paths.get(1))).containsExactly("frontend", "advertisement");

        WebElement count = browser.findElement(By.id("canary-count"));
        count.sendKeys(Keys.chord(Keys.CONTROL, "a"), "40");
        browser.findElement(By.id("canary-run")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("canary-progress"), "40 / 40"));
        int v1 = barCount("v1");
        int v2 = barCount("v2");
        assertThat(v1 + v2).isEqualTo(40);
        assertThat(v2).isBetween(10, 30);

        // as a named user: an invalid name is refused, a valid one sends the cookie with
        // the
        // probes only, and the page keeps the cookie it had (here none)
        WebElement user = browser.findElement(By.id("canary-user"));
        user.sendKeys("tes ter");
        assertThat(browser.findElement(By.id("canary-user-error")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("canary-run")).isEnabled()).isFalse();
        user.sendKeys(Keys.chord(Keys.CONTROL, "a"), "tester");
        count.sendKeys(Keys.chord(Keys.CONTROL, "a"), "10");
        browser.findElement(By.id("canary-run")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("canary-progress"),
                "10 / 10 (as user tester)"));
        assertThat(barCount("v1") + barCount("v2")).isEqualTo(10);
        assertThat((String) ((JavascriptExecutor) browser).executeScript("return document.cookie"))
            .doesNotContain("user=");
    }

    @Test
    void version2AdviceAppearsOnTheDayCardsWhenVersion2Answered() {
        boolean sawAdvice = false;
        for (int attempt = 0; attempt < 6 && !sawAdvice; attempt++) {
            open(pageUrl + "?city=harbin&days=3");
            wait.until(ExpectedConditions.textToBe(By.id("current-city"), "Harbin"));
            String version = browser
                .findElement(By.cssSelector("#route .route-path:first-child .hop[data-service='forecast']"))
                .getAttribute("data-version");
            List<WebElement> advice = browser.findElements(By.cssSelector("#days-list .day .advice"));
            if ("v2".equals(version)) {
                assertThat(advice).hasSize(3);
                assertThat(services(browser.findElement(By.cssSelector("#route .route-path"))))
                    .contains("recommendation");
                sawAdvice = true;
            }
            else {
                assertThat(advice).isEmpty();
            }
        }
        assertThat(sawAdvice).as("a page served by forecast v2 in six loads").isTrue();
    }

    /**
     * Frontend v2 (the module frontend-v2) serves the same page with a new look: dark,
     * and the route panel beside the weather instead of below it; frontend v1 keeps its
     * look. The route names the frontend version that served the page, and the panels,
     * the canary meter and the language switch work as on v1.
     */
    @Test
    void frontendVersion2ShowsANewLookWithTheSamePanels() {
        open(pageUrl + "?city=beijing");
        WebElement weather = browser.findElement(By.id("weather"));
        WebElement route = browser.findElement(By.id("route"));
        assertThat(route.getRect().getY()).as("v1: the route below the weather")
            .isGreaterThanOrEqualTo(weather.getRect().getY() + weather.getRect().getHeight());
        assertThat(backgroundOfTheBody()).isIn("rgb(238, 243, 249)", "rgba(238, 243, 249, 1)");
        assertThat(frontendVersionInTheRoute()).isEqualTo("v1");

        open(pageV2Url + "?city=beijing");
        wait.until(ExpectedConditions.textToBe(By.id("current-city"), "Beijing"));
        weather = browser.findElement(By.id("weather"));
        route = browser.findElement(By.id("route"));
        assertThat(route.getRect().getX()).as("v2: the route beside the weather")
            .isGreaterThanOrEqualTo(weather.getRect().getX() + weather.getRect().getWidth());
        assertThat(route.getRect().getY()).isLessThan(weather.getRect().getY() + weather.getRect().getHeight());
        assertThat(backgroundOfTheBody()).isIn("rgb(11, 17, 32)", "rgba(11, 17, 32, 1)");
        assertThat(frontendVersionInTheRoute()).isEqualTo("v2");

        WebElement count = browser.findElement(By.id("canary-count"));
        count.sendKeys(Keys.chord(Keys.CONTROL, "a"), "10");
        browser.findElement(By.id("canary-run")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("canary-progress"), "10 / 10"));
        assertThat(barCount("v1") + barCount("v2")).isEqualTo(10);

        browser.findElement(By.id("lang-switch")).click();
        wait.until(driver -> "zh-CN".equals(driver.findElement(By.tagName("html")).getAttribute("lang")));
        browser.findElement(By.id("lang-switch")).click();
        wait.until(driver -> "en".equals(driver.findElement(By.tagName("html")).getAttribute("lang")));
    }

    /**
     * Both looks in both languages, with the weather, the route panel and a finished
     * canary meter on the page, pass axe-core without a serious or critical violation
     * (colour contrast included).
     */
    @Test
    void bothLooksInBothLanguagesHaveNoSeriousOrCriticalAccessibilityViolation() {
        Map<String, List<String>> severeByPage = new LinkedHashMap<>();
        for (String look : List.of("v1", "v2")) {
            for (String language : List.of("en", "zh")) {
                open(("v1".equals(look) ? pageUrl : pageV2Url) + "?city=beijing", language);
                runTheCanaryMeter(10);
                Results results = new AxeBuilder().analyze(browser);
                List<String> severe = results.getViolations()
                    .stream()
                    .filter(rule -> SEVERE.contains(rule.getImpact()))
                    .map(PageInBrowserIT::describe)
                    .toList();
                System.out.printf(
                        "axe-core, look %s in %s: %d rules violated, %d of them serious or critical; %d passed%n", look,
                        language, results.getViolations().size(), severe.size(), results.getPasses().size());
                severeByPage.put("look " + look + " in " + language, severe);
            }
        }
        assertThat(severeByPage).allSatisfy((page, severe) -> assertThat(severe).as(page).isEmpty());
    }

    /**
     * The docs' screenshots, of both looks: the page at the local 50/50 split, the route
     * panel and a finished canary meter of 100 requests. {@code scripts/screenshot.sh}
     * copies them to docs/images/.
     */
    @Test
    void theScreenshotsShowTheRoutePanelAndTheCanaryMeterAtFiftyFifty() throws IOException {
        for (String look : List.of("v1", "v2")) {
            open(("v1".equals(look) ? pageUrl : pageV2Url) + "?city=beijing");
            runTheCanaryMeter(100);
            assertThat(barCount("v1") + barCount("v2")).isEqualTo(100);
            Path png = Path.of("target", "screenshots", "v1".equals(look) ? "page.png" : "page-v2.png");
            Files.createDirectories(png.getParent());
            Dimension window = browser.manage().window().getSize();
            long pageHeight = (Long) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollHeight");
            browser.manage().window().setSize(new Dimension(window.getWidth(), (int) pageHeight + 140));
            try {
                Files.write(png, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            }
            finally {
                browser.manage().window().setSize(window);
            }
            assertThat(Files.size(png)).isPositive();
        }
    }

    @Test
    void theLanguageSwitchShowsThePageInChinese() {
        open(pageUrl + "?city=beijing");
        browser.findElement(By.id("lang-switch")).click();

        wait.until(driver -> "zh-CN".equals(driver.findElement(By.tagName("html")).getAttribute("lang")));
        wait.until(ExpectedConditions.textToBe(By.id("current-city"), "北京"));
        browser.findElement(By.id("lang-switch")).click();
        wait.until(driver -> "en".equals(driver.findElement(By.tagName("html")).getAttribute("lang")));
    }

    @Test
    void anUnknownCityInTheAddressShowsTheProblemDetailInABanner() {
        open(pageUrl + "?city=atlantis");
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(error.getText()).contains("atlantis");
    }

    @Test
    void theChinesePageShowsTheProblemDetailInChinese() {
        browser.get(pageUrl + "?city=atlantis");
        ((JavascriptExecutor) browser).executeScript("localStorage.clear(); localStorage.setItem(arguments[0], 'zh')",
                LANGUAGE_KEY);
        browser.navigate().refresh();
        wait.until(driver -> "ready".equals(driver.findElement(By.tagName("body")).getAttribute("data-state")));
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(error.getText()).contains("未知城市“atlantis”");
    }

    private static void open(String url) {
        open(url, "en");
    }

    private static void open(String url, String language) {
        browser.get(url);
        ((JavascriptExecutor) browser).executeScript(
                "localStorage.clear(); localStorage.setItem(arguments[0], arguments[1])", LANGUAGE_KEY, language);
        browser.navigate().refresh();
        wait.until(driver -> "ready".equals(driver.findElement(By.tagName("body")).getAttribute("data-state")));
    }

    private static void runTheCanaryMeter(int requests) {
        browser.findElement(By.id("canary-count")).sendKeys(Keys.chord(Keys.CONTROL, "a"), String.valueOf(requests));
        browser.findElement(By.id("canary-run")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("canary-progress"),
                requests + " / " + requests));
    }

    private static String describe(Rule rule) {
        return rule.getImpact() + " " + rule.getId() + ": "
                + rule.getNodes()
                    .stream()
                    .map(node -> node.getTarget() + " (" + node.getFailureSummary() + ")")
                    .toList();
    }

    private static String backgroundOfTheBody() {
        return browser.findElement(By.tagName("body")).getCssValue("background-color");
    }

    private static String frontendVersionInTheRoute() {
        return browser.findElement(By.cssSelector("#route .route-path:first-child .hop[data-service='frontend']"))
            .getAttribute("data-version");
    }

    private static List<String> services(WebElement path) {
        return path.findElements(By.cssSelector(".hop")).stream().map(hop -> hop.getAttribute("data-service")).toList();
    }

    private static int barCount(String version) {
        return Integer
            .parseInt(browser.findElement(By.cssSelector("#canary-bars [data-version='" + version + "'] .count"))
                .getText()
                .trim());
    }

    private static Optional<Path> firstExisting(String... candidates) {
        return Stream.of(candidates).map(Path::of).filter(Files::isExecutable).findFirst();
    }

}

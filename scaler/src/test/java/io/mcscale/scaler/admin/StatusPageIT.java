package io.mcscale.scaler.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.testkit.MutableClock;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page in a real browser: Debian's chromium, driven by its chromium-driver through Selenium, against a
 * real admin server whose event store holds a recorded day. The page must draw every chart for the last hour and
 * the last day, fill its tables, and log no console error. Screenshots go to {@code target/status-page-*.png}.
 */
class StatusPageIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PAGE_WAIT = Duration.ofSeconds(60);
    private static final int CHARTS = 6;

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.startingAt("2026-03-17T15:00:00Z");
    private AdminServerFixture fixture;
    private WebDriver browser;

    @BeforeEach
    void start() throws IOException {
        // Fail, never skip: CI must have the browser (bin/test installs it).
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("StatusPageIT needs Debian's chromium and chromium-driver (%s, %s): apt-get install -y chromium chromium-driver",
                        CHROMIUM, CHROMEDRIVER)
                .isTrue();
        fixture = new AdminServerFixture(dir, clock, store -> RecordedDay.write(store, clock.instant()));
        browser = chromium(dir.resolve("chromium-profile"));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void shouldDrawEveryChartForTheLastHourAndDayWithoutAConsoleError() throws IOException {
        int hourDecisions = fixture.store.decisionsSince(clock.instant().minus(Duration.ofHours(1)), 100_000).size();
        int dayDecisions = fixture.store.decisionsSince(clock.instant().minus(Duration.ofHours(24)), 100_000).size();
        browser.get(fixture.url("/"));

        waitUntilDrawn(hourDecisions);
        assertThat(text("#cost-so-far")).startsWith("$");
        assertThat(text("#cost-projected")).startsWith("$");
        assertThat(browser.findElements(By.cssSelector("#instances tbody tr"))).hasSize(2);
        assertThat(text("#instances tbody")).contains("ps-1", "ps-2", "serving", "1d 6h", "$15.30");
        assertThat(browser.findElements(By.cssSelector("#decisions tbody tr"))).isNotEmpty();
        assertThat(browser.findElement(By.cssSelector("#decisions tbody tr")).getText()).contains("0 of 2 votes");
        screenshot("status-page-hour.png");

        browser.findElement(By.cssSelector("#range button[data-range=day]")).click();
        waitUntilDrawn(dayDecisions);
        assertThat(text("#actions tbody")).contains("scale_up", "scale_down", "ps-2", "ok");
        assertThat(text("#decisions tbody")).contains("scale_up", "active_users>=6; cpu>70", "scale_down", "low for 600 of 600 s");
        screenshot("status-page-day.png");

        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::toString).toList();
        assertThat(errors).as("console errors").isEmpty();
    }

    /** Every chart has a canvas of non-zero size, and the page drew the expected number of evaluations. */
    private void waitUntilDrawn(int decisions) {
        new WebDriverWait(browser, PAGE_WAIT).withMessage(() -> "charts not drawn with " + decisions + " evaluations; drawn: "
                + ((JavascriptExecutor) browser).executeScript("return document.body.dataset.chartsDrawn")
                + "; problem: " + text("#problem")).until(b -> {
                    List<WebElement> canvases = b.findElements(By.cssSelector(".chart canvas"));
                    return canvases.size() == CHARTS
                            && canvases.stream().allMatch(c -> c.getSize().getWidth() > 0 && c.getSize().getHeight() > 0)
                            && String.valueOf(decisions).equals(
                                    ((JavascriptExecutor) b).executeScript("return document.body.dataset.chartsDrawn"));
                });
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private void screenshot(String name) throws IOException {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static WebDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1440,2000", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        // The driver is given, so Selenium Manager never downloads one.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}

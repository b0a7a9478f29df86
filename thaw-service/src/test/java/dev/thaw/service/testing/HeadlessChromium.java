package dev.thaw.service.testing;

import dev.thaw.data.Prerequisites;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium ({@code /usr/bin/chromium}) driven headless through Debian's chromedriver
 * ({@code /usr/bin/chromedriver}), with a fresh profile folder and no background network traffic.
 * Both paths are given explicitly, so Selenium Manager never looks anything up. Without the
 * packages, {@link #start()} fails under {@code CI=true} and otherwise skips the test with the
 * reason logged (see {@link Prerequisites}); .ci/run installs them.
 */
public final class HeadlessChromium implements AutoCloseable {
    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A new headless browser with an empty profile, 1280x1000 pixels. */
    public static HeadlessChromium start() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            String reason = "headless Chromium not found: need " + BROWSER + " and " + DRIVER
                    + " (Debian: apt-get install chromium chromium-driver)";
            Prerequisites.missing(Prerequisites.inCi(), "CI=true but " + reason, "skipped: " + reason);
        }
        try {
            Path profile = Files.createTempDirectory("thaw-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BROWSER.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1280,1000", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new HeadlessChromium(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Chromium profile folder", e);
        }
    }

    /** The browser. */
    public WebDriver driver() {
        return driver;
    }

    /** Writes a PNG of the whole current page (the window grown to its height) to {@code file}. */
    public Path screenshot(Path file) {
        driver.executeScript("window.scrollTo(0, 0)");
        Dimension window = driver.manage().window().getSize();
        // the window is taller than its viewport by the browser's own frame: grow until the page fits
        for (int attempt = 0; attempt < 3; attempt++) {
            long missing = (Long) driver.executeScript(
                    "return document.documentElement.scrollHeight - window.innerHeight");
            if (missing <= 0) {
                break;
            }
            Dimension now = driver.manage().window().getSize();
            driver.manage().window().setSize(new Dimension(now.getWidth(), now.getHeight() + (int) missing));
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            return Files.move(shot, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the screenshot " + file, e);
        } finally {
            driver.manage().window().setSize(window);
        }
    }

    /** Quits the browser and deletes its profile. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            Folders.deleteRecursively(profile);
        }
    }
}

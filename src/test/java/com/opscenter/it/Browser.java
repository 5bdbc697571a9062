package com.opscenter.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium, driven through its chromedriver by Selenium, on the web console of one test server.
 * Both binaries are given explicitly (system properties it.chromium and it.chromedriver override them), so Selenium
 * Manager never looks for or downloads a browser. The test servers' certificates are self-signed and accepted.
 * Elements are found by their {@code data-testid}; every lookup waits explicitly, never by sleeping.
 */
public final class Browser implements AutoCloseable {

    public static final Dimension DESKTOP = new Dimension(1280, 900);
    public static final Dimension PHONE = new Dimension(390, 844);
    public static final Path SCREENSHOTS = Path.of(System.getProperty("it.build.dir", "target"), "console-screenshots");

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Server server;
    private final ChromeDriver driver;
    private final WebDriverWait wait;

    private Browser(Server server, Dimension size) {
        this.server = server;
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("it.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort()
                .build();
        var options = new ChromeOptions();
        options.setBinary(System.getProperty("it.chromium", "/usr/bin/chromium"));
        options.setAcceptInsecureCerts(true);
        // The page's console messages (script errors, CSP refusals), for consoleLog().
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        options.addArguments(
                "--headless=new",
                // The CI runs as root in a container: chromium's sandbox needs user namespaces it may not have.
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--no-first-run",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=" + size.width + "," + size.height);
        this.driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(size);
        if (size.width < DESKTOP.width) {
            // A phone's viewport exactly, whatever smallest window the headless browser allows.
            driver.executeCdpCommand(
                    "Emulation.setDeviceMetricsOverride",
                    Map.of("width", size.width, "height", size.height, "deviceScaleFactor", 1, "mobile", true));
        }
        this.wait = waitFor(WAIT);
    }

    /** A browser 1280x900 wide on the server's console (not yet opened). */
    public static Browser open(Server server) {
        return new Browser(server, DESKTOP);
    }

    public static Browser open(Server server, Dimension size) {
        return new Browser(server, size);
    }

    public WebDriver driver() {
        return driver;
    }

    /**
     * Over HTTPS always: the development issuer's token endpoint answers on the HTTPS port, and the console signs
     * in on its own origin.
     */
    public String baseUrl() {
        return "https://localhost:" + server.httpsPort();
    }

    /** Opens a path of the server, such as "/" or "/console/#/backups". */
    public Browser get(String path) {
        driver.get(baseUrl() + path);
        return this;
    }

    /** Opens a console route, such as "storage" or "backups/42". */
    public Browser console(String route) {
        return get("/console/#/" + route);
    }

    public static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    /** The first visible element with this data-testid, waiting for it. */
    public WebElement find(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(testId(id)));
    }

    public WebElement find(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Every element with this data-testid present now (no wait). */
    public List<WebElement> all(String id) {
        return driver.findElements(testId(id));
    }

    public void click(String id) {
        wait.until(ExpectedConditions.elementToBeClickable(testId(id))).click();
    }

    public void click(By by) {
        wait.until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    public void type(String id, String text) {
        var field = find(id);
        field.clear();
        field.sendKeys(text);
    }

    /** Waits until the text of the element with this data-testid contains the given text; returns its text. */
    public String waitForText(String id, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(testId(id), text));
        return find(id).getText();
    }

    public <T> T until(Function<WebDriver, T> condition) {
        return wait.until(condition);
    }

    /** Waits up to the given time, for something slower than a page (a backup that runs). */
    public <T> T until(Duration timeout, Function<WebDriver, T> condition) {
        return waitFor(timeout).until(condition);
    }

    /**
     * A page that polls re-renders what it shows: a condition may meet an element that was just replaced, and is
     * then asked again at the next poll instead of failing the test.
     */
    private WebDriverWait waitFor(Duration timeout) {
        var w = new WebDriverWait(driver, timeout);
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

    public void waitUntilGone(String id) {
        wait.until(ExpectedConditions.invisibilityOfElementLocated(testId(id)));
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Signs in through the password form (development issuer) as the role's user, and waits for the shell. */
    public Browser signIn(Role role) {
        return signIn(role.user, role.user);
    }

    public Browser signIn(String user, String password) {
        if (!driver.getCurrentUrl().contains("/console/")) {
            console("storage");
        }
        type("sign-in-user", user);
        type("sign-in-password", password);
        click("sign-in-submit");
        return this;
    }

    /** True when the page body scrolls sideways (wider than the viewport): a layout that does not fit. */
    public boolean scrollsHorizontally() {
        return (Boolean) js("return document.documentElement.scrollWidth > document.documentElement.clientWidth"
                + " || document.body.scrollWidth > document.documentElement.clientWidth;");
    }

    /** The page's console messages since the last call: script errors and CSP refusals show here. */
    public List<String> consoleLog() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(entry -> entry.getLevel() + " " + entry.getMessage())
                .toList();
    }

    /** Saves a PNG of the window under target/console-screenshots/ (build output). */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            var file = driver.getScreenshotAs(OutputType.FILE).toPath();
            var target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(file);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}

package io.imagepic.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system Chromium (Debian's {@code chromium} and {@code chromium-driver} packages), headless, with a fresh
 * profile, driven through Selenium. Both paths are given, so Selenium Manager never looks for (or downloads) a
 * browser. Every page records Content-Security-Policy violations, and the browser's console is collected, so a
 * test can assert that nothing went wrong.
 * <p>
 * The test classes of a JVM share one browser per language ({@link #shared}): a Chromium start costs about 3.5 s of
 * CPU, and the console run started one for each of its 15 classes. Each class gets it as a new one would be: one new
 * tab (the console keeps its access token in the tab's sessionStorage), no cookies, and neither storage nor cache of
 * the origins it was given.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("imagepic.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("imagepic.chromedriver", "/usr/bin/chromedriver"));
    /** Bound on waiting for the page to react; the tests never assert on durations. */
    static final Duration PATIENCE = Duration.ofSeconds(20);
    /**
     * How often a wait asks the page again. WebDriver's default, half a second, made waiting most of the console
     * tests' time: a page that reacts in 30 ms was seen 500 ms later.
     */
    static final Duration POLL = Duration.ofMillis(25);

    /** Installed before any page script runs: collects CSP violations into window.__csp. */
    private static final String RECORD_VIOLATIONS = """
            window.__csp = [];
            document.addEventListener('securitypolicyviolation', (e) => {
              window.__csp.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
            });
            """;

    private static final Map<String, Browser> SHARED = new ConcurrentHashMap<>();

    final ChromeDriver driver;
    String base;
    private final Path profile;
    private final List<String> problems = new ArrayList<>();
    private int loads;
    /** Every origin this browser was given, whose storage a hand-over clears. */
    private final Set<String> origins = new HashSet<>();

    private Browser(ChromeDriver driver, String base, Path profile) {
        this.driver = driver;
        this.base = base;
        this.profile = profile;
    }

    /** A new browser on the service at {@code base} (ending in '/'), preferring {@code language} (e.g. "en-US"). */
    static Browser start(String base, String language) {
        Path profile;
        try {
            profile = Files.createTempDirectory("imagepic-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=" + language,
                "--user-data-dir=" + profile,
                // Chromium in one process, not a browser, a GPU process, a network service and renderers talking
                // over IPC, and no site isolation: the tests need no isolation from themselves, and the console
                // classes' Chromium took 131 -> 91 CPU-s (wall 162 -> 137 s, quiet).
                "--single-process", "--no-zygote", "--disable-site-isolation-trials",
                "--disable-features=IsolateOrigins,site-per-process");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        Browser browser = new Browser(new ChromeDriver(service, options), base, profile);
        browser.prepareTab();
        return browser;
    }

    /**
     * The browser for {@code language} that this JVM's test classes share, handed over fresh on the service at
     * {@code base}; it quits when the JVM exits. Test classes that use it run one after the other.
     */
    static Browser shared(String base, String language) {
        Browser browser = SHARED.computeIfAbsent(language, l -> {
            Browser started = start(base, l);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "chromium-quit"));
            return started;
        });
        browser.handOver(base);
        return browser;
    }

    /** As a new browser would be: one new tab on {@code base}, nothing kept of earlier classes. */
    private void handOver(String newBase) {
        base = newBase;
        driver.switchTo().window(driver.getWindowHandles().iterator().next());
        driver.switchTo().newWindow(WindowType.TAB);
        String fresh = driver.getWindowHandle();
        for (String handle : driver.getWindowHandles()) {
            if (!handle.equals(fresh)) {
                driver.switchTo().window(handle).close();
            }
        }
        driver.switchTo().window(fresh);
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
        for (String origin : origins) {
            driver.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "all"));
        }
        prepareTab();
        driver.manage().logs().get(LogType.BROWSER); // what earlier classes left in the log
        problems.clear();
    }

    /** Records CSP violations in the current tab, and lets the service's origin use the clipboard. */
    private void prepareTab() {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORD_VIOLATIONS));
        String origin = base.replaceAll("/$", "");
        origins.add(origin);
        origins.add(origin.replace("localhost", "127.0.0.1")); // ConsoleDailyUseTest's other origin
        driver.executeCdpCommand("Browser.grantPermissions",
                Map.of("origin", origin, "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    }

    /** Whether the system Chromium is installed (the tests need it; .ci/run installs it). */
    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * Opens a console page, always as a fresh load (the tab keeps its session): {@code open("/gallery?bucket=x")};
     * "" opens the root. A query of its own makes each URL new, so the load never stops at a change of the #route;
     * a detour through about:blank did the same at about 40 % more of Chromium's CPU.
     */
    Browser open(String route) {
        collect();
        driver.get(base + "?load=" + (++loads) + (route.isEmpty() ? "" : "#" + route));
        return this;
    }

    /** Navigates within the loaded console (no reload), as a link would, and waits for that page. */
    Browser go(String route) {
        js("location.hash = arguments[0]", route);
        String path = route.split("\\?")[0];
        waitFor("const m = document.querySelector('main'); return m !== null && (m.dataset.page === arguments[0]"
                + " || (arguments[0] !== '/signin' && m.dataset.page === '/signin'))", path);
        return this;
    }

    WebElement find(String css) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /**
     * Clicks the element in the middle of the viewport: a click scrolls only as far as the element's edge,
     * where the sticky top bar may cover it.
     */
    WebElement click(String css) {
        WebElement element = find(css);
        driver.executeScript("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", element);
        waitUntil(ExpectedConditions.elementToBeClickable(element)).click();
        return element;
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits for the condition; an element re-drawn meanwhile (stale) just means "not yet". */
    <T> T waitUntil(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE, POLL).ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** Waits until the script answers true; a script that throws (an element not there yet) counts as false. */
    void waitFor(String script, Object... args) {
        new WebDriverWait(driver, PATIENCE, POLL).ignoring(JavascriptException.class)
                .until(d -> Boolean.TRUE.equals(js(script, args)));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Object jsAsync(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** Signs in through the sign-in form. */
    void signIn(String phone, String password) {
        open("/signin");
        find("input[name=phone]").sendKeys(phone);
        find("input[name=password]").sendKeys(password, Keys.ENTER);
        find("nav.main-nav");
    }

    /** Clicks the confirming button of the open confirmation dialog. */
    void confirm() {
        find("dialog.confirm[open] .button.danger").click();
        waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog.confirm")));
    }

    /** What the page last put on the clipboard. */
    String clipboard() {
        return (String) jsAsync("const done = arguments[arguments.length - 1];"
                + "navigator.clipboard.readText().then(done, (e) => done('clipboard error: ' + e));");
    }

    /** Sends files to a file input by path, as a person picking them would. */
    void pick(WebElement input, List<Path> files) {
        input.sendKeys(String.join("\n", files.stream().map(p -> p.toAbsolutePath().toString()).toList()));
    }

    /** Pastes an image the way a screenshot arrives: a paste event whose clipboard data holds a File. */
    void pasteImage(byte[] png, String type) {
        js("""
                const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
                const data = new DataTransfer();
                data.items.add(new File([bytes], 'image.png', { type: arguments[1] }));
                document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
                """,
                Base64.getEncoder().encodeToString(png), type);
    }

    /** Saves the page, as tall as its content (up to a bound), at the given CSS width. */
    void screenshot(Path file, int width, boolean phone) {
        try {
            Files.createDirectories(file.getParent());
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", phone ? 780 : 900, "deviceScaleFactor", 1, "mobile", phone));
            long height = ((Number) js(
                    "return Math.min(3000, Math.max(document.documentElement.scrollHeight, document.body.scrollHeight))"))
                    .longValue();
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", Math.max(height, phone ? 780 : 900), "deviceScaleFactor", 1, "mobile",
                            phone));
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png"));
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Back to the normal window size after {@link #screenshot} or phone emulation. */
    void resetViewport() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    void phoneViewport() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 360, "height", 780, "deviceScaleFactor", 1, "mobile", true));
    }

    /** Console errors, failed loads and CSP violations since the last call (of this page and earlier ones). */
    List<String> problems() {
        collect();
        List<String> found = new ArrayList<>(problems);
        problems.clear();
        return found;
    }

    /**
     * Drops the reports containing {@code fragment} that a test provoked on purpose (the browser logs every
     * refused request, e.g. "status of 401"); the others stay for {@link #assertClean}.
     */
    void allow(String fragment) {
        collect();
        problems.removeIf(p -> p.contains(fragment) && !p.startsWith("CSP"));
    }

    /** Fails when the browser reported an error or a CSP violation. */
    void assertClean() {
        assertEquals(List.of(), problems(), "browser console errors and CSP violations");
    }

    @SuppressWarnings("unchecked")
    private void collect() {
        try {
            Object csp = js("return window.__csp || []");
            if (csp instanceof List<?> l) {
                l.forEach(v -> problems.add("CSP violation: " + v));
                js("if (window.__csp) window.__csp.length = 0");
            }
        } catch (RuntimeException e) {
            // no page yet
        }
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            String message = entry.getMessage();
            if (entry.getLevel().intValue() >= Level.WARNING.intValue() || message.contains("Content Security Policy")
                    || message.contains("Refused to")) {
                problems.add(entry.getLevel() + " " + message);
            }
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                // a leftover temp profile does not fail the tests
            }
        }
    }
}

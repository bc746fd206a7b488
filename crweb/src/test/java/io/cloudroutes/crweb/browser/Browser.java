package io.cloudroutes.crweb.browser;

import io.cloudroutes.crweb.TestMailbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, installed by
 * {@code .ci/install-test-tools}) driven through Selenium, for tests that need what only a browser shows: where the
 * page scrolled to, what a reload does, whether the layout fits a phone.
 *
 * <p>Each browser gets a fresh profile directory, so no cookie or cache leaks between tests, and {@link #close()}
 * always quits it and deletes the profile. Driver and browser are both given by path, so Selenium Manager never looks
 * for (or downloads) either.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final String baseUrl;
    private final Path profile;
    private final ChromeDriver driver;

    private Browser(String baseUrl, Path profile, ChromeDriver driver) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.profile = profile;
        this.driver = driver;
    }

    /** A desktop-sized browser for the site at {@code baseUrl} (e.g. {@code http://127.0.0.1:41234}). */
    public static Browser open(String baseUrl) {
        return open(baseUrl, 1280, 800);
    }

    /** A browser whose window is {@code width} x {@code height} CSS pixels, e.g. 375 wide for a phone. */
    public static Browser open(String baseUrl, int width, int height) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException(CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: run .ci/install-test-tools " + "(Debian packages chromium and chromium-driver)");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("crweb-browser-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-default-apps",
                "--disable-extensions",
                "--disable-client-side-phishing-detection",
                "--disable-domain-reliability",
                "--no-pings",
                "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
                // nothing but this machine's loopback can even be resolved: a page under test reaches nowhere else
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            // Headless Chromium does not make a window narrower than 500 px: the page is given the exact size, and,
            // below a tablet's width, the phone's way of laying out (the viewport meta tag applies).
            driver.executeCdpCommand(
                    "Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 768));
            return new Browser(baseUrl, profile, driver);
        } catch (RuntimeException e) {
            delete(profile);
            throw e;
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Opens {@code path} of the site (e.g. {@code /monitors}). */
    public Browser get(String path) {
        driver.get(baseUrl + path);
        return this;
    }

    /** The path and query of the page shown now, e.g. {@code /reactions/3/edit}. */
    public String currentPath() {
        String url = driver.getCurrentUrl();
        return url.startsWith(baseUrl) ? url.substring(baseUrl.length()) : url;
    }

    public WebElement find(By by) {
        return driver.findElement(by);
    }

    /** Waits until the element is on the page and shown, and returns it. */
    public WebElement waitForVisible(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /**
     * Lets this site's pages read and write the clipboard without asking, as a person who allowed it; the copy buttons
     * use it, and a test reads what they copied.
     */
    public Browser allowClipboard() {
        driver.executeCdpCommand(
                "Browser.grantPermissions",
                Map.of(
                        "origin",
                        baseUrl,
                        "permissions",
                        java.util.List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        return this;
    }

    /** The copy button of the element with id {@code target}. */
    public WebElement copyButton(String target) {
        return driver.findElement(By.cssSelector("button[data-copy-target='" + target + "']"));
    }

    /** Types into the field with this id, replacing what it held. */
    public Browser type(String id, String text) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
        return this;
    }

    /**
     * Clicks and waits until the page it leads to has replaced the current one and loaded. The old document is marked
     * and the wait is for a loaded document without the mark: asking the clicked element whether it is stale races
     * with the navigation, and Chrome then answers "Node with given id does not belong to the document" instead of
     * calling it stale. Scripts run while the navigation is under way may fail the same way, so those failures count
     * as "not yet".
     */
    public Browser clickAndWait(By by) {
        WebElement element = driver.findElement(by);
        ((JavascriptExecutor) driver).executeScript("window.cloudroutesBeforeClick = true");
        element.click();
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .ignoring(WebDriverException.class)
                .until(
                        d -> Boolean.TRUE.equals(
                                ((JavascriptExecutor) d)
                                        .executeScript(
                                                "return window.cloudroutesBeforeClick === undefined && document.readyState === 'complete'")));
        return this;
    }

    /** Waits until the current document has loaded. */
    public Browser waitForLoad() {
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        return this;
    }

    /**
     * Signs up through the real form, follows the link {@code mailbox} received to confirm the address, and logs in
     * through the real login form.
     */
    public Browser signUpAndLogIn(String email, String password, TestMailbox mailbox) {
        get("/signup");
        type("email", email).type("password", password);
        clickAndWait(By.cssSelector("main form button[type=submit]"));
        confirmEmail(email, mailbox);
        return logIn(email, password);
    }

    /** Opens the confirmation link mailed to {@code email}, on this browser's crweb (it leads to the login page). */
    public Browser confirmEmail(String email, TestMailbox mailbox) {
        URI link = URI.create(mailbox.first(email).link("http"));
        return get(link.getRawPath() + "?" + link.getRawQuery());
    }

    /** Logs in through the login form, which must be the page shown now or is opened first. */
    public Browser logIn(String email, String password) {
        if (!currentPath().startsWith("/login")) {
            get("/login");
        }
        type("username", email).type("password", password);
        return clickAndWait(By.cssSelector("main form button[type=submit]"));
    }

    /**
     * From now on, every page this browser opens records the Content-Security-Policy violations it reports (the
     * {@code securitypolicyviolation} events), before any of its own scripts runs; see {@link #cspViolations()}.
     */
    public Browser recordCspViolations() {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                document.addEventListener('securitypolicyviolation', function (e) {
                  var seen = JSON.parse(sessionStorage.getItem('cr-csp-violations') || '[]');
                  seen.push(location.pathname + ': ' + e.effectiveDirective + ' refused ' + (e.blockedURI || 'inline')
                      + ' (' + (e.sourceFile || '') + ':' + e.lineNumber + ') ' + (e.sample || ''));
                  sessionStorage.setItem('cr-csp-violations', JSON.stringify(seen));
                });"""));
        return this;
    }

    /** The violations recorded since {@link #recordCspViolations()} in this tab (this site's pages only). */
    public java.util.List<String> cspViolations() {
        return script("return JSON.parse(sessionStorage.getItem('cr-csp-violations') || '[]');");
    }

    /**
     * Waits for the confirmation dialog a click opened, checks it asks something containing {@code question}, and
     * accepts it ({@code accept}) or cancels it.
     */
    public Browser answerConfirmation(String question, boolean accept) {
        org.openqa.selenium.Alert dialog =
                new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent());
        String text = dialog.getText();
        if (!text.contains(question)) {
            dialog.dismiss();
            throw new AssertionError("the dialog asked '" + text + "', not '" + question + "'");
        }
        if (accept) {
            dialog.accept();
        } else {
            dialog.dismiss();
        }
        return this;
    }

    @SuppressWarnings("unchecked")
    public <T> T script(String javascript, Object... arguments) {
        return (T) driver.executeScript(javascript, arguments);
    }

    /** Whether the element's box lies, at least partly, within the visible part of the page. */
    public boolean isInViewport(WebElement element) {
        return Boolean.TRUE.equals(script(
                "const r = arguments[0].getBoundingClientRect();"
                        + " return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;",
                element));
    }

    /** The width of the page's viewport in CSS pixels. */
    public long viewportWidth() {
        return ((Number) script("return window.innerWidth;")).longValue();
    }

    /** Whether the page is wider than the window, i.e. scrolls sideways. */
    /**
     * The elements that reach past the right edge of the window, widest first (at most five), e.g.
     * {@code td.target 1412px}: what to fix when a page scrolls sideways.
     */
    public String beyondTheRightEdge() {
        return String.valueOf((Object) script("""
                const edge = window.innerWidth;
                return [...document.querySelectorAll('body *')]
                  .map(e => [e, e.getBoundingClientRect()])
                  .filter(([e, r]) => r.right > edge + 0.5)
                  .sort((a, b) => b[1].right - a[1].right)
                  .slice(0, 5)
                  .map(([e, r]) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                      + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\\s+/g, '.') : '')
                      + ' right=' + Math.round(r.right) + 'px width=' + Math.round(r.width) + 'px')
                  .join('; ') + ' (window ' + edge + 'px, page ' + document.documentElement.scrollWidth + 'px)';"""));
    }

    public boolean overflowsHorizontally() {
        return Boolean.TRUE.equals(script("return document.documentElement.scrollWidth > window.innerWidth;"));
    }

    /**
     * From now on the pages see {@code prefers-color-scheme: dark}, as on a device set to a dark theme (Chromium's
     * emulation through the DevTools protocol; it lasts across navigations).
     */
    public Browser preferDarkScheme() {
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", java.util.List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        return this;
    }

    /** Saves what the window shows as {@code target/screenshots/name.png}, a test artefact. */
    public Path screenshot(String name) {
        try {
            Path directory = Files.createDirectories(Path.of("target", "screenshots"));
            Path file = directory.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The texts of the page whose colour has less than the WCAG AA contrast with the background behind them (4.5:1;
     * 3:1 for large text), each with its ratio, e.g. {@code p.help "Optional" 3.2:1}: empty when every text reads.
     * The background is the first opaque one among the element and its ancestors.
     */
    public java.util.List<String> lowContrastTexts() {
        return script("""
                function rgb(c) { const m = c.match(/[\\d.]+/g) || [0, 0, 0, 0]; return m.map(Number); }
                function lum(c) { return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2]); }
                function ch(v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
                function background(e) {
                  for (; e; e = e.parentElement) {
                    const b = rgb(getComputedStyle(e).backgroundColor);
                    if (b.length < 4 || b[3] > 0.9) { return b; }
                  }
                  return [255, 255, 255];
                }
                const low = [];
                for (const e of document.querySelectorAll('body *')) {
                  const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
                  const r = e.getBoundingClientRect();
                  if (!own || r.width === 0 || r.height === 0) { continue; }
                  const style = getComputedStyle(e);
                  if (style.visibility === 'hidden' || style.clipPath === 'inset(50%)') { continue; }
                  const f = lum(rgb(style.color)), b = lum(background(e));
                  const ratio = (Math.max(f, b) + 0.05) / (Math.min(f, b) + 0.05);
                  const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
                  const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
                  if (ratio < needed) {
                    low.push(e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\\s+/g, '.') : '')
                        + ' "' + e.textContent.trim().slice(0, 40) + '" ' + ratio.toFixed(2) + ':1');
                  }
                }
                return low;""");
    }

    /**
     * The form fields of the page a person cannot tell apart without seeing them: no {@code <label for>}, no
     * enclosing label, no {@code aria-label} or {@code aria-labelledby}. Empty when every field is labelled.
     */
    public java.util.List<String> unlabelledFields() {
        return script("""
                return [...document.querySelectorAll('input, select, textarea')]
                  .filter(f => !['hidden', 'submit', 'button'].includes(f.type))
                  .filter(f => !(f.id && document.querySelector('label[for="' + CSS.escape(f.id) + '"]'))
                      && !f.closest('label') && !f.getAttribute('aria-label') && !f.getAttribute('aria-labelledby'))
                  .map(f => f.tagName.toLowerCase() + '[name=' + f.name + ']');""");
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            delete(profile);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // a profile left in the temp directory harms no later test: each gets a new one
        }
    }
}

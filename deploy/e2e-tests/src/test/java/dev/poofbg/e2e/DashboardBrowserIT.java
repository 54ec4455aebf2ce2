package dev.poofbg.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser (Debian's headless Chromium through chromedriver): a customer signs up, creates a
 * key, calls the API with it, finds the job with its thumbnail, cuts out an image on the try page, revokes the key;
 * an operator grants credits and suspends the account. Every page is checked with axe-core (no serious or critical
 * violation) and photographed at 1280 and 390 px wide into target/dashboard-screenshots; sign-in and key creation are
 * done with the keyboard alone.
 */
@ExtendWith(Platform.class)
class DashboardBrowserIT {

    private static final Path SCREENSHOTS = Path.of("target/dashboard-screenshots");
    private static final Path AXE = Path.of("target/axe/axe.min.js");
    private static WebDriver browser;
    private static String axe;
    private static Path userData;

    private final String api = Platform.get().apiUrl();
    private final List<String> violations = new ArrayList<>();

    @BeforeAll
    static void startBrowser() throws IOException {
        axe = Files.readString(AXE);
        Files.createDirectories(SCREENSHOTS);
        userData = Files.createTempDirectory("poof-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        // The flags keep Chromium off the network (no update, sync or background checks): only the platform is visited.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--disable-extensions", "--disable-default-apps", "--hide-scrollbars",
                "--user-data-dir=" + userData, "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (userData != null) {
            try (var files = Files.walk(userData)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void aCustomerAndAnOperatorUseTheDashboardInABrowser() throws Exception {
        String email = "browser-" + UUID.randomUUID() + "@example.com";

        // Sign up.
        open("/dashboard/signup");
        check("signup");
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(DashboardSession.PASSWORD);
        browser.findElement(By.cssSelector("form[action='/dashboard/signup'] button[type=submit]")).click();
        waitForPath("/dashboard");
        assertThat(text()).contains("Overview").contains(email).contains("Credits remaining");
        check("overview");

        // Create a key with the keyboard alone, and read it the one time it is shown.
        open("/dashboard/keys");
        tabTo(By.id("name"));
        active().sendKeys("browser test");
        active().sendKeys(Keys.ENTER);
        WebElement secret = waitFor(By.id("new-key"));
        String key = secret.getAttribute("value");
        assertThat(key).startsWith("pk_live_");
        assertThat(text()).contains("only time it is shown");
        check("keys-created");

        // Call the public API with it, as the customer's code would, and find the job with its thumbnail.
        JsonNode job = Http.postMultipart(api + "/v1/remove-background", key, Http.Part.file("photo.png", "image/png",
                TestImages.png(TestImages.subjectOnBackdrop(640, 480)))).json();
        String jobId = job.get("id").asText();
        assertThat(Jobs.awaitTerminal(api, key, jobId, Duration.ofSeconds(60)).get("status").asText()).isEqualTo("completed");
        open("/dashboard/jobs");
        WebElement thumbnail = waitFor(By.cssSelector("img[src='/dashboard/jobs/" + jobId + "/thumbnail']"));
        waitUntil(() -> loaded(thumbnail));
        assertThat(((Number) js("return arguments[0].naturalWidth", thumbnail)).intValue()).isEqualTo(256);
        check("jobs");

        // Try it: upload a file, see the original and the cut-out side by side, and the download link.
        open("/dashboard/try");
        check("try");
        Path photo = Files.createTempFile("poof-try", ".jpg");
        Files.write(photo, TestImages.jpeg(TestImages.subjectOnBackdrop(800, 600)));
        browser.findElement(By.id("file")).sendKeys(photo.toString());
        browser.findElement(By.cssSelector("form[action='/dashboard/try'] button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(90)).until(driver ->
                driver.findElements(By.cssSelector("img[alt^='The cut-out']")).size() == 1);
        WebElement cutOut = browser.findElement(By.cssSelector("img[alt^='The cut-out']"));
        WebElement original = browser.findElement(By.cssSelector("img[alt='The original image']"));
        waitUntil(() -> loaded(cutOut) && loaded(original));
        assertThat(((Number) js("return arguments[0].naturalWidth", cutOut)).intValue()).isEqualTo(800);
        assertThat(((Number) js("return arguments[0].naturalWidth", original)).intValue()).isEqualTo(800);
        assertThat(browser.findElement(By.linkText("Download png")).getAttribute("href")).endsWith("/download");
        check("try-result");
        Files.delete(photo);

        open("/dashboard/billing");
        assertThat(text()).contains("Plans").containsIgnoringCase("enterprise").contains("Ledger");
        check("billing");
        open("/dashboard/password");
        check("password");
        open("/dashboard/jobs/job_doesnotexist0000000000");
        check("not-found");

        // Revoke the key with its confirmation; the API refuses it within seconds.
        open("/dashboard/keys");
        browser.findElement(By.cssSelector("a[href$='/revoke']")).click();
        waitFor(By.cssSelector("form[action$='/revoke'] button[type=submit]"));
        check("revoke-confirm");
        browser.findElement(By.cssSelector("form[action$='/revoke'] button[type=submit]")).click();
        waitForPath("/dashboard/keys");
        assertThat(text()).contains("Revoked");
        waitUntil(() -> Http.get(api + "/v1/account", key).status() == 401);

        // Sign out; sign in again with the keyboard alone.
        browser.findElement(By.cssSelector("form[action='/dashboard/logout'] button")).click();
        waitForPath("/dashboard/login");
        check("login");
        signInWithKeyboard(email, DashboardSession.PASSWORD);
        waitForPath("/dashboard");
        browser.findElement(By.cssSelector("form[action='/dashboard/logout'] button")).click();
        waitForPath("/dashboard/login");

        // An operator finds the account, grants credits and suspends it.
        String operatorEmail = "operator-" + UUID.randomUUID() + "@example.com";
        Http.Response made = Http.postJson(Platform.get().adminUrl() + "/admin/v1/users", Platform.ADMIN_TOKEN,
                Map.of("email", operatorEmail, "password", DashboardSession.PASSWORD, "operator", true));
        assertThat(made.status()).isEqualTo(201);
        signInWithKeyboard(operatorEmail, DashboardSession.PASSWORD);
        waitForPath("/dashboard");
        browser.findElement(By.linkText("Operator")).click();
        waitForPath("/dashboard/admin");
        browser.findElement(By.id("q")).sendKeys(email, Keys.ENTER);
        WebElement accountLink = waitFor(By.cssSelector("a[href^='/dashboard/admin/accounts/']"));
        check("admin");
        accountLink.click();
        waitFor(By.id("credits")).sendKeys("25");
        browser.findElement(By.id("reference")).sendKeys("INV-" + UUID.randomUUID());
        browser.findElement(By.cssSelector("form[action$='/credits'] button")).click();
        waitUntil(() -> text().contains("Credits granted."));
        assertThat(text()).contains("26 (26 prepaid"); // 3 free credits, 2 jobs, 25 granted
        browser.findElement(By.cssSelector("form[action$='/suspension'] button")).click();
        waitUntil(() -> text().contains("Account suspended"));
        check("admin-account");

        assertThat(violations).as("axe-core serious or critical violations").isEmpty();
    }

    private void signInWithKeyboard(String email, String password) {
        open("/dashboard/login");
        tabTo(By.id("email"));
        active().sendKeys(email);
        active().sendKeys(Keys.TAB);
        assertThat(active().getAttribute("id")).isEqualTo("password");
        active().sendKeys(password, Keys.ENTER);
    }

    /** Presses Tab from the top of the page until the element has focus: it must be reachable by keyboard. */
    private void tabTo(By target) {
        WebElement wanted = browser.findElement(target);
        for (int i = 0; i < 40; i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
            if (active().equals(wanted)) {
                return;
            }
        }
        throw new AssertionError(target + " cannot be reached with the Tab key");
    }

    private WebElement active() {
        return browser.switchTo().activeElement();
    }

    /** axe-core on the page as it is, then a screenshot of the whole page at desktop and phone widths. */
    private void check(String name) throws IOException {
        js(axe);
        String found = (String) ((JavascriptExecutor) browser).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations']}).then(function (r) {"
                        + "  done(r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })"
                        + "    .map(function (v) { return v.id + ' (' + v.impact + '): ' + v.nodes.map(function (n) { return n.target.join(' '); }).join(', '); })"
                        + "    .join('\\n'));"
                        + "}, function (e) { done('axe failed: ' + e); });");
        if (!found.isEmpty()) {
            violations.add(name + ": " + found);
        }
        for (Map.Entry<String, Integer> width : Map.of("desktop", 1280, "phone", 390).entrySet()) {
            browser.manage().window().setSize(new Dimension(width.getValue(), 900));
            long height = ((Number) js("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)"))
                    .longValue();
            browser.manage().window().setSize(new Dimension(width.getValue(), (int) Math.min(Math.max(height + 120, 600), 4000)));
            Files.write(SCREENSHOTS.resolve(name + "-" + width.getKey() + ".png"),
                    ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        }
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    private void open(String path) {
        browser.get(api + path);
    }

    private String text() {
        return browser.findElement(By.tagName("body")).getText();
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private boolean loaded(WebElement image) {
        return Boolean.TRUE.equals(js("return arguments[0].complete && arguments[0].naturalWidth > 0", image));
    }

    private WebElement waitFor(By locator) {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> {
            List<WebElement> found = driver.findElements(locator);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    private void waitForPath(String path) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver ->
                java.net.URI.create(driver.getCurrentUrl()).getPath().equals(path));
    }

    private void waitUntil(java.util.function.BooleanSupplier condition) {
        // A condition read while the page is being replaced may find the old one's elements gone: ask again.
        new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(driver -> condition.getAsBoolean());
    }
}

package io.imagepic.console;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

import io.imagepic.support.Multipart;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.imagepic.support.WebhookReceiver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Every page, at desktop width and at 360 px: screenshots (for docs/console, see README), the keyboard (labels,
 * focus order, visible focus), no console error or CSP violation anywhere, and the weight of the first page.
 * Screenshots go to target/console-screenshots, or where {@code -Dscreenshots.dir=docs/console} says.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsolePagesTest extends ConsoleBrowserTest {

    static final Path SHOTS = Path.of(System.getProperty("screenshots.dir", "target/console-screenshots"));
    /** The first page (sign-in, nothing cached) must stay under this many bytes on the wire. */
    static final long FIRST_LOAD_BUDGET = 60 * 1024;
    static WebhookReceiver receiver;

    /** Every control a keyboard reaches has a name a screen reader can say. */
    static final String UNLABELLED = """
            const bad = [];
            for (const el of document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')) {
              if (el.closest('[hidden]') || el.type === 'hidden' || el.getAttribute('aria-hidden') === 'true') continue;
              const byId = (ids) => (ids || '').split(' ').map((id) => document.getElementById(id)?.textContent || '').join(' ');
              const name = [el.labels ? [...el.labels].map((l) => l.textContent).join(' ') : '', el.getAttribute('aria-label'),
                byId(el.getAttribute('aria-labelledby')), ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName) ? '' : el.textContent,
                el.querySelector('img[alt]')?.alt].filter((s) => s && s.trim()).join(' ');
              if (!name.trim()) bad.push(el.outerHTML.slice(0, 160));
            }
            return bad;
            """;

    /** What has focus, and whether that shows: an outline of at least 2 px on it (or on the label of a hidden file input). */
    static final String FOCUS = """
            const el = document.activeElement;
            const shown = el.classList.contains('visually-hidden') && el.nextElementSibling ? el.nextElementSibling : el;
            const cs = getComputedStyle(shown);
            const r = shown.getBoundingClientRect();
            const name = el.getAttribute('aria-label') || el.getAttribute('name') || el.textContent.trim().slice(0, 40) || el.tagName;
            return { name: el.tagName.toLowerCase() + ':' + name,
                     visible: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 && r.width > 2 && r.height > 2 };
            """;

    @AfterAll
    static void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    @Order(1)
    void theFirstPageIsSmall() throws Exception {
        try (Browser fresh = Browser.start(root.toString(), "en-US")) {
            fresh.open("");
            fresh.find("h1#auth-title");
            fresh.waitFor("return document.readyState === 'complete'");
            @SuppressWarnings("unchecked")
            Map<String, Object> load = (Map<String, Object>) fresh
                    .js("""
                            const entries = [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')];
                            const sum = (k) => entries.reduce((s, e) => s + e[k], 0);
                            return { requests: entries.length, transferred: sum('transferSize'), encoded: sum('encodedBodySize'),
                                     decoded: sum('decodedBodySize'),
                                     names: entries.map((e) => e.name.replace(location.origin, '') + ' ' + e.transferSize) };
                            """);
            long transferred = ((Number) load.get("transferred")).longValue();
            String report = String.format("first page load (sign-in, empty cache): %d requests, %.1f KB transferred"
                    + " (%.1f KB compressed bodies, %.1f KB uncompressed)%n%s%n", ((Number) load.get("requests")).longValue(),
                    transferred / 1024.0, ((Number) load.get("encoded")).longValue() / 1024.0,
                    ((Number) load.get("decoded")).longValue() / 1024.0, String.join("\n", (List<String>) load.get("names")));
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/console-first-load.txt"), report, StandardCharsets.UTF_8);
            System.out.print(report);
            assertThat(transferred, lessThan(FIRST_LOAD_BUDGET));
            // nothing but the sign-in page's own code is loaded: the other pages come when opened
            assertTrue(((List<?>) load.get("names")).stream().noneMatch(n -> n.toString().contains("page-gallery")), report);
            fresh.assertClean();
        }
    }

    @Test
    @Order(2)
    void signInAndRegisterPages() {
        browser.open("/signin");
        browser.find("h1#auth-title");
        assertThat(unlabelled(), empty());
        shoot("signin");
        browser.click(".segmented button:nth-child(2)");
        browser.find("input[name=email]");
        assertThat(unlabelled(), empty());
        shoot("register");
    }

    @Test
    @Order(3)
    void signInWithTheKeyboardAlone() {
        browser.open("/signin");
        browser.find("h1#auth-title");
        Tokens.register(Tokens.ADMIN_PHONE, Tokens.PASSWORD);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            new Actions(browser.driver).sendKeys(Keys.TAB).perform();
            @SuppressWarnings("unchecked")
            Map<String, Object> focus = (Map<String, Object>) browser.js(FOCUS);
            assertEquals(Boolean.TRUE, focus.get("visible"), "focus not visible on " + focus.get("name"));
            order.add((String) focus.get("name"));
            if (order.size() == 6) {
                browser.driver.switchTo().activeElement().sendKeys(Tokens.ADMIN_PHONE);
            } else if (order.size() == 7) {
                browser.driver.switchTo().activeElement().sendKeys(Tokens.PASSWORD);
            }
        }
        assertThat(order, contains("a:Skip to content", "a:imagepic", "button:Switch language to 中文", "button:Sign in",
                "button:Register", "input:phone", "input:password", "input:keep", "button:Sign in"));
        new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
        browser.find(".dropzone");
        // focus lands on the new page's heading, not on <body> (the form it came from was disabled meanwhile)
        browser.waitFor("return document.activeElement.tagName === 'H1'");
        assertEquals("Upload images", browser.driver.switchTo().activeElement().getText());
        // the skip link moves focus past the navigation
        browser.open("/upload");
        browser.find(".dropzone");
        new Actions(browser.driver).sendKeys(Keys.TAB).perform();
        assertEquals("Skip to content", browser.driver.switchTo().activeElement().getText());
        new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
        assertEquals("main", browser.driver.switchTo().activeElement().getDomAttribute("id"));
    }

    @Test
    @Order(4)
    void uploadPage() throws Exception {
        receiver = WebhookReceiver.start();
        String admin = Tokens.admin();
        bucket("design-assets", true);
        bucket("team-screens", false);
        bucket("blog-images", false);
        Tokens.as(admin).contentType(ContentType.JSON)
                .body("{\"url\":\"" + receiver.url("/hooks/imagepic") + "\",\"bucket\":\"design-assets\"}")
                .post("/imagepic/notification/webhooks").then().statusCode(200);
        Tokens.as(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"shop-bff\",\"scopes\":[\"upload\",\"read\"],\"buckets\":[\"design-assets\"]}")
                .post("/imagepic/auth/tokens").then().statusCode(200);
        Tokens.as(admin).contentType(ContentType.JSON).body("{\"name\":\"ci-uploader\",\"scopes\":[\"upload\"]}")
                .post("/imagepic/auth/tokens").then().statusCode(200);
        String[] names = { "hero-banner.png", "product-shot.png", "team-offsite.png", "launch-poster.png", "pricing-card.png",
                "onboarding-step1.png", "onboarding-step2.png" };
        for (int i = 0; i < names.length; i++) {
            upload(admin, "design-assets", "", names[i], TestImages.png(i, 640, 400));
        }
        upload(admin, "design-assets", "icons", "logo.png", TestImages.png(9, 128, 128));
        upload(admin, "design-assets", "banners", "spring-sale.png", TestImages.png(10, 640, 300));

        browser.open("/upload"); // reloaded: the buckets were made after the page was shown
        browser.waitFor(
                "return [...document.querySelectorAll('select[name=bucket] option')].some((o) => o.value === 'design-assets')");
        new Select(browser.find("select[name=bucket]")).selectByValue("design-assets");
        browser.find("input[name=folder]").sendKeys("blog/2024");
        Path dir = Files.createTempDirectory("console-pages");
        browser.pick(browser.find("input[type=file]"),
                List.of(TestImages.write(dir, "mountain-trail.png", TestImages.png(4, 800, 500)),
                        TestImages.write(dir, "city-night.png", TestImages.png(5, 800, 500)),
                        TestImages.write(dir, "notes.png", "just text".getBytes(StandardCharsets.UTF_8))));
        browser.waitFor(
                "return [...document.querySelectorAll('.upload-item')].every((r) => r.dataset.status === 'done' || r.dataset.status === 'failed')"
                        + " && [...document.querySelectorAll('.upload-item[data-status=done] img')].every((i) => i.dataset.source === 'link' && i.naturalWidth > 0)");
        browser.allow("status of 415");
        assertThat(unlabelled(), empty());
        // the file picker is reachable and visibly focused
        browser.js("document.querySelector('select[name=conflict]').focus()");
        new Actions(browser.driver).sendKeys(Keys.TAB).perform();
        @SuppressWarnings("unchecked")
        Map<String, Object> focus = (Map<String, Object>) browser.js(FOCUS);
        assertEquals("input:file",
                browser.js("return document.activeElement.tagName.toLowerCase() + ':' + document.activeElement.type"));
        assertEquals(Boolean.TRUE, focus.get("visible"));
        browser.js("document.activeElement.blur()");
        shoot("upload");
    }

    @Test
    @Order(5)
    void galleryPage() {
        browser.go("/gallery?bucket=design-assets");
        browser.waitFor(
                "return document.querySelectorAll('.grid .tile').length === 7 && document.querySelectorAll('.folder').length === 3");
        browser.waitFor(
                "return [...document.querySelectorAll('.grid .tile img')].every((i) => i.complete && i.naturalWidth > 0)");
        browser.waitFor("return document.querySelector('.live-badge').dataset.state === 'live'");
        assertThat(unlabelled(), empty());
        shoot("gallery");
        // the large view opens from the keyboard, and focus returns to the image when it closes
        browser.js("document.querySelector(\".tile[data-key='hero-banner.png'] .tile-open\").focus()");
        new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
        browser.find("dialog.viewer[open]");
        browser.waitFor("const i = document.querySelector('dialog.viewer .viewer-img'); return i.complete && i.naturalWidth > 0"
                + " && [...document.querySelectorAll('dialog.viewer dt')].some((d) => d.textContent === 'Uploader')");
        assertThat(unlabelled(), empty());
        shoot("gallery-viewer");
        new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
        browser.waitFor("return document.querySelector('dialog.viewer') === null");
        assertEquals("hero-banner.png", browser.driver.switchTo().activeElement()
                .findElement(org.openqa.selenium.By.tagName("img")).getDomAttribute("alt"));
    }

    @Test
    @Order(6)
    void adminPages() {
        String designer = Tokens.randomPhone();
        person(designer, "Wei Lan", "design");
        person(Tokens.randomPhone(), "Zhang Min", "web");
        person(Tokens.randomPhone(), null, null);
        browser.go("/buckets");
        browser.waitFor("return document.querySelectorAll('.rows .row').length >= 3");
        browser.click(".row[data-bucket='design-assets'] button[data-action=members]");
        browser.find(".members-panel input[name=member]").sendKeys(designer);
        browser.click(".members-panel button[type=submit]");
        browser.find(".members-panel .member[data-member='" + designer + "']");
        assertThat(unlabelled(), empty());
        shoot("buckets");

        browser.go("/users");
        browser.waitFor("return document.querySelectorAll('.rows.users .row').length >= 4");
        browser.find("input[name=note]").sendKeys("new designer");
        browser.click("form.card button[type=submit]");
        browser.find(".secret-panel");
        browser.find(".rows.invites .row");
        assertThat(unlabelled(), empty());
        shoot("users");

        browser.go("/tokens");
        browser.waitFor("return document.querySelector(\".rows .row[data-name='ci-uploader']\") !== null"
                + " && document.querySelector('input[name=bucket][value=blog-images]') !== null");
        browser.find("input[name=name]").sendKeys("docs-site");
        browser.click("input[name=bucket][value=blog-images]");
        browser.click("form.card button[type=submit]");
        browser.find(".secret-panel");
        assertThat(unlabelled(), empty());
        shoot("tokens");

        browser.go("/webhooks");
        browser.waitFor("return document.querySelectorAll('.rows .row').length >= 1");
        browser.waitUntil(d -> {
            browser.click(".list-header button");
            // nine uploads through the API and two through the page, all into the webhook's bucket
            return "11".equals(browser
                    .find(".row[data-url='" + receiver.url("/hooks/imagepic") + "'] [data-count=delivered] strong").getText());
        });
        browser.click(".row[data-url='" + receiver.url("/hooks/imagepic") + "'] button[data-action=test]");
        browser.waitFor("return document.querySelector(\".row[data-url='" + receiver.url("/hooks/imagepic")
                + "'] [data-count=delivered] strong\").textContent === '12'");
        assertThat(unlabelled(), empty());
        shoot("webhooks");

        browser.go("/activity");
        browser.waitFor("return document.querySelector('.live-badge').dataset.state === 'live'");
        String admin = Tokens.admin();
        upload(admin, "team-screens", "standup", "board.png", TestImages.png(6, 300, 200));
        upload(admin, "design-assets", "blog/2024", "cover.png", TestImages.png(7, 300, 200));
        Tokens.as(admin).contentType(ContentType.JSON)
                .body("{\"bucketName\":\"design-assets\",\"objectName\":\"pricing-card.png\"}")
                .post("/imagepic/object/removeObject").then().statusCode(200);
        browser.waitFor("return document.querySelectorAll('.events .event').length === 3");
        assertThat(unlabelled(), empty());
        shoot("activity");

        browser.go("/connect");
        browser.waitFor(
                "return [...document.querySelectorAll('select[name=bucket] option')].some((o) => o.value === 'design-assets')");
        new Select(browser.find("select[name=bucket]")).selectByValue("design-assets");
        browser.click("form.card button[type=submit]");
        browser.find("pre[data-tool=curl]");
        assertThat(unlabelled(), empty());
        shoot("connect");

        browser.go("/account");
        browser.find("input[name=old]");
        assertThat(unlabelled(), empty());
        shoot("account");
    }

    @Test
    @Order(7)
    void theWatchOnViolationsIsAwake() {
        // what the other tests rely on: the policy is enforced, and a breach is reported to them
        browser.go("/upload");
        browser.js("""
                const s = document.createElement('script');
                try { s.textContent = 'window.__ran = true'; document.body.append(s); } catch (e) { window.__tt = e.name; }
                const d = document.createElement('div');
                d.setAttribute('style', 'color: red');
                document.body.append(d);
                const img = document.createElement('img');
                img.src = 'https://elsewhere.example/pixel.png';
                document.body.append(img);
                """);
        browser.waitFor("return window.__csp.length >= 3");
        assertEquals(null, browser.js("return window.__ran === true ? 'ran' : null"));
        assertEquals("TypeError", browser.js("return window.__tt"));
        List<String> problems = browser.problems();
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("CSP violation: require-trusted-types-for")),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("CSP violation: style-src")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("CSP violation: img-src blocked https://elsewhere.example")),
                problems.toString());
    }

    private List<?> unlabelled() {
        return (List<?>) browser.js(UNLABELLED);
    }

    /** Desktop and phone screenshots of the page as it is. */
    private void shoot(String page) {
        browser.js("document.querySelectorAll('.toast').forEach((t) => t.remove())");
        browser.screenshot(SHOTS.resolve(page + "-desktop.png"), 1280, false);
        browser.phoneViewport();
        // nothing sticks out sideways on a phone
        assertEquals(Boolean.TRUE, browser.js("return document.documentElement.scrollWidth <= 360"),
                page + " is wider than a 360 px phone");
        browser.screenshot(SHOTS.resolve(page + "-phone.png"), 360, true);
        browser.resetViewport();
    }

    /** An account registered through the API, with a name and team (or none). */
    private static void person(String phone, String name, String team) {
        io.restassured.RestAssured.given().contentType(ContentType.JSON)
                .body("{" + (name == null ? "" : "\"name\":\"" + name + "\",\"tfs\":\"" + team + "\",")
                        + "\"email\":\"someone@example.com\",\"phone\":\"" + phone + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}")
                .post("/imagepic/auth/register").then().statusCode(200);
    }

    private static void upload(String token, String bucket, String folder, String name, byte[] bytes) {
        var request = Tokens.as(token).header("bucket", bucket);
        if (!folder.isEmpty()) {
            request.header("folder", folder);
        }
        request.contentType(Multipart.contentType()).body(new Multipart().file(name, bytes).bytes())
                .post("/imagepic/object/putObject").then().statusCode(200);
    }
}

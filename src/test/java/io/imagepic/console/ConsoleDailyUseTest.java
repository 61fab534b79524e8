package io.imagepic.console;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

import io.imagepic.notification.LiveEvents;
import io.imagepic.support.Multipart;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The console as a team uses it every day (issue #23), at desktop width and at 360 px: a private image's link
 * made in the gallery works on another origin and says when it expires; the same name uploaded twice keeps both;
 * a file over the limit is refused before a byte is sent; folders come first in a long root; a name filter finds
 * a part of a name; newest first; a write-only member gets delete boxes on their own images only; Activity names
 * people; a page left gives its live stream back (the browser has six connections per host); an invite link in
 * open mode is used up; and on a phone no button's text overflows and every admin page
 * is reachable from the menu.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleDailyUseTest extends ConsoleBrowserTest {

    @Inject
    LiveEvents live;

    static final String BUCKET = "daily-private";
    static final String MEMBER = Tokens.randomPhone();
    static final String MEMBER_NAME = "Wu Ming";
    static final String PAGES_BUCKET = "daily-pages";
    static final String ITEMS = "return document.querySelectorAll('.grid .tile').length";

    @Test
    @Order(1)
    void aLongRootListsItsFoldersFirst() {
        String admin = Tokens.admin();
        bucket(BUCKET, false);
        for (int i = 0; i < 60; i++) {
            upload(admin, "", String.format("bulk-%02d.png", i), TestImages.png(i, 40, 30));
        }
        for (String folder : List.of("alpha", "beta", "gamma")) {
            upload(admin, folder, "inside.png", TestImages.png(70, 40, 30));
        }
        given().contentType(ContentType.JSON).body("{\"name\":\"" + MEMBER_NAME + "\",\"email\":\"w@example.com\",\"phone\":\""
                + MEMBER + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}").post("/imagepic/auth/register").then().statusCode(200);
        Tokens.as(admin).contentType(ContentType.JSON).body(Map.of("bucketName", BUCKET, "member", MEMBER, "role", "write"))
                .post("/imagepic/bucket/members").then().statusCode(200);
        upload(Tokens.login(MEMBER, Tokens.PASSWORD), "", "mine.png", TestImages.png(80, 40, 30));

        browser.signIn(Tokens.ADMIN_PHONE, Tokens.PASSWORD);
        for (boolean phone : List.of(false, true)) {
            if (phone) {
                browser.phoneViewport();
            }
            browser.open("/gallery?bucket=" + BUCKET);
            browser.waitFor(ITEMS + " === 48");
            // the first page (48 images of 61): the folders are already there, before the images
            assertEquals(List.of("alpha", "beta", "gamma"), texts(".folder-list .folder", "▸ "));
            assertEquals(48L, ((Number) browser.js(ITEMS)).longValue());
            assertEquals(Boolean.TRUE, browser.js("return document.querySelector('.folder-list').compareDocumentPosition("
                    + "document.querySelector('.grid')) === Node.DOCUMENT_POSITION_FOLLOWING"));
            browser.resetViewport();
        }
    }

    @Test
    @Order(2)
    void aPartOfTheNameFindsItAndStartsWithStaysAChoice() {
        for (boolean phone : List.of(false, true)) {
            if (phone) {
                browser.phoneViewport();
            }
            browser.open("/gallery?bucket=" + BUCKET);
            browser.waitFor(ITEMS + " === 48");
            browser.find("input[name=filter]").sendKeys("05");
            browser.waitFor(
                    "return [...document.querySelectorAll('.grid .tile')].map((t) => t.dataset.key).join() === 'bulk-05.png'");
            new Select(browser.find("select[name=match]")).selectByValue("prefix");
            browser.waitFor(ITEMS + " === 0 && document.querySelector('.empty').textContent === 'No images start with this.'");
            browser.find("input[name=filter]").sendKeys(Keys.chord(Keys.CONTROL, "a"), "bulk-1");
            browser.waitFor(ITEMS + " === 10");
            browser.resetViewport();
        }
    }

    @Test
    @Order(3)
    void newestFirst() {
        long before = Instant.now().getEpochSecond();
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().getEpochSecond() > before + 1); // a later timestamp
        upload(Tokens.admin(), "", "zzz-newest.png", TestImages.png(90, 40, 30));
        browser.open("/gallery?bucket=" + BUCKET);
        browser.waitFor(ITEMS + " === 48");
        // by name it is the last, not on the first page
        assertEquals("bulk-00.png", browser.js("return document.querySelector('.grid .tile').dataset.key"));
        assertEquals(0, browser.all(".tile[data-key='zzz-newest.png']").size());
        new Select(browser.find("select[name=order]")).selectByValue("newest");
        browser.waitFor("return document.querySelector('.grid .tile').dataset.key === 'zzz-newest.png'");
        // still folders first
        assertEquals(3L, ((Number) browser.js("return document.querySelectorAll('.folder-list .folder').length")).longValue());
    }

    @Test
    @Order(4)
    void aLinkFromTheGalleryWorksOnAnotherOriginAndSaysWhenItExpires() {
        for (boolean phone : List.of(false, true)) {
            if (phone) {
                browser.phoneViewport();
            }
            browser.open("/gallery?bucket=" + BUCKET);
            browser.waitFor(ITEMS + " === 48"); // bulk-07.png is on the first page
            browser.click(".tile[data-key='bulk-07.png'] .tile-open");
            browser.find("dialog.viewer[open] .link-kind[data-kind=signed]");
            new Select(browser.find("dialog.viewer select[name=lifetime]")).selectByValue("3600");
            browser.waitFor("const f = document.querySelector('dialog.viewer .link-field');"
                    + " return f && /expires=/.test(f.value) && Number(new URL(f.value).searchParams.get('expires')) * 1000 - Date.now() < 3700 * 1000");
            String url = browser.find("dialog.viewer .link-field").getDomProperty("value");
            String shown = browser.find("dialog.viewer .link-kind").getText();
            assertThat(shown, startsWith("Signed link: works for anyone until "));
            browser.click("dialog.viewer button[data-format=markdown]");
            browser.waitUntil(d -> browser.clipboard().equals("![bulk-07.png](" + url + ")"));
            browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
            browser.resetViewport();

            // another origin (the same service reached as 127.0.0.1): no token, no cookie, just the link
            String elsewhere = browser.base.replace("localhost", "127.0.0.1");
            browser.driver.get(elsewhere + "console-missing-page");
            Object width = browser.jsAsync("""
                    const done = arguments[arguments.length - 1];
                    const img = new Image();
                    img.onload = () => done(img.naturalWidth);
                    img.onerror = () => done(-1);
                    img.src = arguments[0];
                    """, url);
            assertEquals(40L, ((Number) width).longValue(), url);
            browser.allow("status of 404");
            browser.open("/upload");
        }
    }

    @Test
    @Order(5)
    void theSameNameUploadedTwiceKeepsBoth() throws Exception {
        Path dir = Files.createTempDirectory("daily");
        byte[] first = TestImages.png(100, 300, 200);
        byte[] second = TestImages.png(101, 320, 200);
        browser.open("/upload");
        browser.waitFor(
                "return [...document.querySelectorAll('select[name=bucket] option')].some((o) => o.value === arguments[0])",
                BUCKET);
        new Select(browser.find("select[name=bucket]")).selectByValue(BUCKET);
        browser.find("input[name=folder]").clear();
        browser.find("input[name=folder]").sendKeys("demo");
        assertEquals("rename",
                new Select(browser.find("select[name=conflict]")).getFirstSelectedOption().getDomAttribute("value"));
        browser.pick(browser.find("input[type=file]"), List.of(TestImages.write(dir, "red-sunset.png", first)));
        browser.waitFor(
                "return document.querySelector(\".upload-item[data-name='red-sunset.png'][data-status=done]\") !== null");
        String etag = etag("demo/red-sunset.png");

        // the same name again, another picture, from a fresh page (a file input keeps what it was given before)
        Path other = Files.createTempDirectory("daily-again");
        browser.open("/upload");
        browser.waitFor("return document.querySelector('select[name=bucket]').value === arguments[0]", BUCKET);
        browser.pick(browser.find("input[type=file]"), List.of(TestImages.write(other, "red-sunset.png", second)));
        browser.waitFor(
                "return document.querySelectorAll(\".upload-item[data-name='red-sunset.png'][data-status=done]\").length === 1");
        assertEquals("Saved as red-sunset-1.png", browser.find(".upload-item .saved-as").getText());
        assertThat(browser.find(".upload-item .link-kind").getText(), startsWith("Signed link: works for anyone until "));
        // both are there; the first kept its bytes and its ETag, so links already shared still show it
        assertThat(keys(BUCKET, "demo/"), hasItem("demo/red-sunset-1.png"));
        assertEquals(etag, etag("demo/red-sunset.png"));
        assertArrayEquals(first, Tokens.as(Tokens.admin()).get("/i/" + BUCKET + "/demo/red-sunset.png").asByteArray());
        assertArrayEquals(second, Tokens.as(Tokens.admin()).get("/i/" + BUCKET + "/demo/red-sunset-1.png").asByteArray());
    }

    @Test
    @Order(6)
    void aFileOverTheLimitIsRefusedWithoutSendingIt() throws Exception {
        Path dir = Files.createTempDirectory("daily-big");
        byte[] big = new byte[21 * 1024 * 1024];
        System.arraycopy(TestImages.png(1, 10, 10), 0, big, 0, 50);
        Path file = Files.write(dir.resolve("poster.png"), big);
        for (boolean phone : List.of(false, true)) {
            if (phone) {
                browser.phoneViewport();
            }
            browser.open("/upload");
            browser.find(".dropzone-limits");
            long sent = uploadsSent();
            browser.pick(browser.find("input[type=file]"), List.of(file));
            browser.waitFor(
                    "return document.querySelector(\".upload-item[data-name='poster.png'][data-status=failed] .upload-error\") !== null");
            assertEquals("Not sent: 21 MB is over the limit of 20 MB per image.",
                    browser.find(".upload-item[data-name='poster.png'] .upload-error").getText());
            assertEquals(sent, uploadsSent(), "no upload request went out");
            browser.click(".list-header .button"); // clear finished
            browser.resetViewport();
        }
    }

    @Test
    @Order(7)
    void activityNamesPeople() {
        browser.go("/activity");
        browser.waitFor("return document.querySelector('.live-badge').dataset.state === 'live'");
        upload(Tokens.login(MEMBER, Tokens.PASSWORD), "", "from-wu.png", TestImages.png(91, 40, 30));
        browser.waitFor(
                "const u = document.querySelector(\".event[data-key='from-wu.png'] .event-user\"); return u && u.textContent === arguments[0]",
                MEMBER_NAME);
    }

    @Test
    @Order(8)
    void onAPhoneEveryAdminPageIsInTheMenuAndNoButtonOverflows() {
        for (String language : List.of("en", "zh")) {
            browser.js("localStorage.setItem('imagepic.lang', arguments[0])", language);
            browser.open("/upload");
            browser.find(".dropzone");
            browser.phoneViewport();
            List<?> pages = (List<?>) browser
                    .js("return [...document.querySelectorAll('#main-nav a')].map((a) => a.getAttribute('href'))");
            assertThat(pages.stream().map(Object::toString).toList(),
                    org.hamcrest.Matchers.hasItems("#/buckets", "#/users", "#/tokens", "#/webhooks", "#/activity", "#/connect",
                            "#/account"));
            for (Object href : pages) {
                browser.click(".menu-button");
                browser.click("#main-nav a[href='" + href + "']");
                String page = href.toString().substring(1);
                browser.waitFor("return document.querySelector('main').dataset.page === arguments[0]", page);
                browser.waitFor("return document.readyState === 'complete'");
                assertThat(page + " (" + language + ")", overflowing(), empty());
                assertEquals(Boolean.TRUE, browser.js("return document.documentElement.scrollWidth <= 360"), page);
            }
            browser.resetViewport();
        }
        browser.js("localStorage.setItem('imagepic.lang', 'en')");
    }

    @Test
    @Order(10)
    void aWriteOnlyMemberGetsDeleteOnTheirOwnImagesOnly() {
        browser.open("/upload");
        browser.click(".topbar .account .button");
        browser.find("h1#auth-title");
        browser.signIn(MEMBER, Tokens.PASSWORD);
        browser.open("/gallery?bucket=" + BUCKET);
        browser.waitFor(ITEMS + " === 48");
        // another's image: no delete box (a delete would be refused)
        assertEquals("false", browser.find(".tile[data-key='bulk-01.png']").getDomAttribute("data-removable"));
        assertEquals(0, browser.all(".tile[data-key='bulk-01.png'] .tile-check input").size());
        browser.find("input[name=filter]").sendKeys("mine");
        browser.waitFor("return document.querySelector(\".tile[data-key='mine.png'] .tile-check input\") !== null");
        assertEquals("true", browser.find(".tile[data-key='mine.png']").getDomAttribute("data-removable"));
        browser.find("input[name=filter]").sendKeys(Keys.chord(Keys.CONTROL, "a"), "bulk-01");
        browser.waitFor(ITEMS + " === 1");
        browser.click(".tile[data-key='bulk-01.png'] .tile-open");
        browser.find("dialog.viewer[open] .link-kind");
        assertEquals(0, browser.all("dialog.viewer .button.danger").size());
        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    }

    @Test
    @Order(11)
    void anInviteLinkInOpenModeIsUsedUp() {
        Map<String, String> invite = Tokens.as(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("note", "daily"))
                .post("/imagepic/auth/invites").then().statusCode(200).extract().path("data");
        browser.click(".topbar .account .button");
        browser.find("h1#auth-title");
        browser.driver.get("about:blank");
        browser.driver.get(browser.base.replaceAll("/$", "") + invite.get("link"));
        assertEquals(invite.get("code"), browser.find("input[name=invite]").getDomProperty("value"));
        browser.find("input[name=name]").sendKeys("Invited Person");
        browser.find("input[name=email]").sendKeys("invited@example.com");
        browser.find("input[name=phone]").sendKeys(Tokens.randomPhone());
        browser.find("input[name=password]").sendKeys(Tokens.PASSWORD, Keys.ENTER);
        browser.find(".dropzone");
        List<String> open = Tokens.as(Tokens.admin()).get("/imagepic/auth/invites").then().statusCode(200).extract()
                .path("data.id");
        assertThat(open, not(hasItem(invite.get("id"))));
    }

    /**
     * Moving between pages more often than the browser opens connections to a host (six on HTTP/1.1): each page
     * left gives its live stream back, so the last gallery is live and loads its images at once. A page the browser
     * keeps in its back/forward cache kept its stream open before, and after six such pages every request of the
     * console waited for one of them to end. Back to a kept gallery, it listens again.
     */
    @Test
    @Order(9)
    void aPageLeftGivesBackItsLiveStream() {
        String admin = Tokens.admin();
        bucket(PAGES_BUCKET, false);
        upload(admin, PAGES_BUCKET, "", "page-a.png", TestImages.png(110, 40, 30));
        upload(admin, PAGES_BUCKET, "", "page-b.png", TestImages.png(111, 40, 30));
        browser.open("/upload");
        browser.waitFor("return document.querySelector('h1#auth-title, nav.main-nav') !== null");
        if (browser.all("nav.main-nav").isEmpty()) { // this test alone: not signed in yet
            browser.signIn(Tokens.ADMIN_PHONE, Tokens.PASSWORD);
        }
        int before = live.listeners();
        for (int i = 0; i < 8; i++) {
            browser.open("/gallery?bucket=" + PAGES_BUCKET);
            browser.waitFor("return document.querySelector('.live-badge').dataset.state === 'live'");
            await().atMost(Browser.PATIENCE).until(() -> live.listeners() == before + 1);
        }
        browser.waitFor("const imgs = [...document.querySelectorAll('.grid .tile img')];"
                + " return imgs.length === 2 && imgs.every((i) => i.src.startsWith('blob:') && i.complete && i.naturalWidth > 0)");

        browser.js("window.keptMarker = true");
        browser.open("/upload");
        browser.find(".dropzone");
        await().atMost(Browser.PATIENCE).until(() -> live.listeners() == before);
        browser.driver.navigate().back(); // the gallery, as it was left
        browser.waitFor("return window.keptMarker === true && document.querySelector('main').dataset.page === '/gallery'");
        await().atMost(Browser.PATIENCE).until(() -> live.listeners() == before + 1);
        browser.waitFor("return document.querySelector('.live-badge').dataset.state === 'live'");
    }

    /** Visible buttons whose text is wider than the button. */
    private static List<?> overflowing() {
        return (List<?>) browser
                .js("""
                        return [...document.querySelectorAll('button, .button')].filter((b) => b.offsetParent !== null
                          && b.scrollWidth > b.clientWidth + 1).map((b) => b.textContent.trim() + ' ' + b.scrollWidth + '>' + b.clientWidth);
                        """);
    }

    private static List<String> texts(String css, String drop) {
        return browser.all(css).stream().map(e -> e.getText().replace(drop, "").trim()).toList();
    }

    private static long uploadsSent() {
        return ((Number) browser
                .js("return performance.getEntriesByType('resource').filter((e) => e.name.includes('/putObject')).length"))
                .longValue();
    }

    private static String etag(String key) {
        return Tokens.as(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("bucketName", BUCKET, "objectName", key)).post("/imagepic/object/statObject").then()
                .statusCode(200).extract().path("data.etag");
    }

    private static void upload(String token, String bucket, String folder, String name, byte[] bytes) {
        var request = Tokens.as(token).header("bucket", bucket);
        if (!folder.isEmpty()) {
            request.header("folder", folder);
        }
        request.contentType(Multipart.contentType()).body(new Multipart().file(name, bytes).bytes())
                .post("/imagepic/object/putObject").then().statusCode(200);
    }

    private static void upload(String token, String folder, String name, byte[] bytes) {
        upload(token, BUCKET, folder, name, bytes);
    }
}

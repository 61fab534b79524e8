package io.imagepic.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import io.imagepic.support.Multipart;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A member signs in, uploads two picked files and a pasted screenshot, copies their links, then finds them in
 * the gallery (where an upload made elsewhere appears live) and deletes one.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleUploadTest extends ConsoleBrowserTest {

    static final String BUCKET = "console-upload";
    static final String PRIVATE_BUCKET = "console-private";
    static final String MEMBER = Tokens.randomPhone();
    static final String MEMBER_NAME = "Han Meimei";

    @Test
    @Order(1)
    void signIn() {
        bucket(BUCKET, true);
        bucket(PRIVATE_BUCKET, false);
        given().contentType(ContentType.JSON).body("{\"name\":\"" + MEMBER_NAME + "\",\"email\":\"m@example.com\",\"phone\":\""
                + MEMBER + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}").post("/imagepic/auth/register").then().statusCode(200);
        Tokens.grant(BUCKET, MEMBER, "write");
        Tokens.grant(PRIVATE_BUCKET, MEMBER, "write");
        browser.open("/upload");
        // not signed in: the sign-in page, then the upload page once signed in
        browser.find("h1#auth-title");
        browser.find("input[name=phone]").sendKeys(MEMBER);
        browser.find("input[name=password]").sendKeys("wrong_pass1", Keys.ENTER);
        assertEquals("Wrong phone or password.", browser.find(".form-message.error").getText());
        browser.allow("status of 401"); // the refused login, logged by the browser as a failed load
        browser.find("input[name=password]").clear();
        browser.find("input[name=password]").sendKeys(Tokens.PASSWORD, Keys.ENTER);
        browser.find(".dropzone");
        assertEquals(MEMBER, browser.find(".account-link").getText());
        // a member sees no admin pages
        assertThat(browser.all("nav.main-nav li:not(.menu-only) a").stream().map(WebElement::getText).toList(),
                contains("Upload", "Gallery"));
        assertTrue((Boolean) browser.js(
                "return sessionStorage.getItem('imagepic.token') !== null && localStorage.getItem('imagepic.token') === null"));
    }

    @Test
    @Order(2)
    void uploadTwoPickedFilesWithProgressAndCopyTheirLinks() throws Exception {
        browser.go("/upload");
        new Select(browser.find("select[name=bucket]")).selectByValue(BUCKET);
        browser.find("input[name=folder]").sendKeys("shots");
        Path dir = Files.createTempDirectory("console-upload");
        byte[] first = TestImages.png(1, 480, 300);
        byte[] second = TestImages.png(2, 360, 360);
        browser.pick(browser.driver.findElement(By.cssSelector("input[type=file]")),
                List.of(TestImages.write(dir, "sunrise.png", first), TestImages.write(dir, "harbour.png", second)));

        for (String name : List.of("sunrise.png", "harbour.png")) {
            String row = ".upload-item[data-name='" + name + "']";
            browser.waitFor("const r = document.querySelector(arguments[0]); return r && r.dataset.status === 'done'", row);
            WebElement item = browser.find(row);
            assertEquals("100", item.findElement(By.tagName("progress")).getDomProperty("value"));
            // the bytes went out with upload progress events (XHR upload progress)
            assertThat(Integer.parseInt(item.getDomAttribute("data-progress-events")), greaterThan(0));
            // the preview is the answer's link, loaded and decoded by the browser
            browser.waitFor("const img = document.querySelector(arguments[0] + ' img');"
                    + "return img.dataset.source === 'link' && img.complete && img.naturalWidth > 0", row);
        }
        assertThat(keys(BUCKET, "shots/"), containsInAnyOrder("shots/sunrise.png", "shots/harbour.png"));

        // copy as URL: the link of the answer, which renders in a plain <img> (the bucket is public)
        String url = browser.find(".upload-item[data-name='sunrise.png'] .link-field").getDomProperty("value");
        assertThat(url, startsWith(browser.base + "i/" + BUCKET + "/shots/sunrise.png"));
        browser.click(".upload-item[data-name='sunrise.png'] button[data-format=url]");
        browser.waitFor("return document.querySelector('.toast') !== null");
        assertEquals(url, browser.clipboard());
        assertArrayEquals(first, fetch(url));
        assertRendersInAnImg(url, 480);

        // copy as Markdown, HTML and BBCode
        String other = browser.find(".upload-item[data-name='harbour.png'] .link-field").getDomProperty("value");
        browser.click(".upload-item[data-name='harbour.png'] button[data-format=markdown]");
        browser.waitUntil(d -> browser.clipboard().equals("![harbour.png](" + other + ")"));
        browser.click(".upload-item[data-name='harbour.png'] button[data-format=html]");
        browser.waitUntil(d -> browser.clipboard().equals("<img src=\"" + other + "\" alt=\"harbour.png\">"));
        browser.click(".upload-item[data-name='harbour.png'] button[data-format=bbcode]");
        browser.waitUntil(d -> browser.clipboard().equals("[img]" + other + "[/img]"));
        assertRendersInAnImg(other, 360);
    }

    @Test
    @Order(3)
    void pasteAScreenshotIntoAPrivateBucket() {
        browser.go("/upload");
        new Select(browser.find("select[name=bucket]")).selectByValue(PRIVATE_BUCKET);
        WebElement folder = browser.find("input[name=folder]");
        folder.clear();
        folder.sendKeys("pasted");
        browser.js("document.activeElement.blur()");
        browser.pasteImage(TestImages.png(3, 640, 400), "image/png");
        browser.waitFor(
                "return [...document.querySelectorAll('.upload-item')].some((r) => r.dataset.name.startsWith('paste-') && r.dataset.status === 'done')");
        WebElement row = browser.all(".upload-item").stream().filter(r -> r.getDomAttribute("data-name").startsWith("paste-"))
                .findFirst().orElseThrow();
        String name = row.getDomAttribute("data-name");
        assertThat(keys(PRIVATE_BUCKET, "pasted/"), contains("pasted/" + name));
        // private: the preview still renders, fetched with the session's token
        browser.waitFor("const img = document.querySelector(arguments[0]);"
                + "return img.dataset.source === 'link' && img.complete && img.naturalWidth === 640",
                ".upload-item[data-name='" + name + "'] img");
        // the link given is the answer's signed one: copied as it is, it renders in a page that holds no token
        String signed = browser.find(".upload-item[data-name='" + name + "'] .link-field").getDomProperty("value");
        assertThat(signed, startsWith(browser.base + "i/" + PRIVATE_BUCKET + "/pasted/" + name + "?expires="));
        assertThat(signed, containsString("&signature="));
        browser.click(".upload-item[data-name='" + name + "'] button[data-format=url]");
        browser.waitUntil(d -> browser.clipboard().equals(signed));
        assertRendersInAnImg(signed, 640);
        assertRendersInAnImg(browser.base + "i/" + PRIVATE_BUCKET + "/pasted/" + name, -1); // unsigned: refused
        browser.allow("status of 404");
        browser.allow("status of 401");
        // not an image: refused with a plain-word reason, for that file only
        browser.js(
                """
                        const data = new DataTransfer();
                        data.items.add(new File([new TextEncoder().encode('<html>hi</html>')], 'page.png', { type: 'image/png' }));
                        document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
                        """);
        browser.waitFor("return [...document.querySelectorAll('.upload-item')].some((r) => r.dataset.status === 'failed')");
        assertThat(browser.find(".upload-item[data-status=failed] .upload-error").getText(),
                startsWith("Not a supported image"));
        browser.allow("status of 415"); // the refused upload, logged by the browser as a failed load
    }

    @Test
    @Order(4)
    void dropAFileOnThePage() {
        browser.go("/upload");
        new Select(browser.find("select[name=bucket]")).selectByValue(PRIVATE_BUCKET);
        browser.js("""
                const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
                const data = new DataTransfer();
                data.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
                const at = document.querySelector('.upload-list');
                for (const type of ['dragenter', 'dragover']) {
                  at.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
                }
                window.__highlighted = document.querySelector('.dropzone').classList.contains('dragging');
                at.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
                """, java.util.Base64.getEncoder().encodeToString(TestImages.png(8, 300, 200)));
        assertEquals(Boolean.TRUE, browser.js("return window.__highlighted"));
        browser.waitFor(
                "const r = document.querySelector(\".upload-item[data-name='dropped.png']\"); return r.dataset.status === 'done'");
        assertEquals(Boolean.FALSE, browser.js("return document.querySelector('.dropzone').classList.contains('dragging')"));
        assertThat(keys(PRIVATE_BUCKET, "pasted/"), hasItem("pasted/dropped.png"));
    }

    @Test
    @Order(5)
    void theGalleryListsThemShowsNewUploadsLiveAndDeletes() {
        browser.go("/gallery?bucket=" + BUCKET + "&folder=shots/");
        browser.waitFor("return document.querySelectorAll('.grid .tile').length === 2");
        assertThat(browser.all(".grid .tile").stream().map(t -> t.getDomAttribute("data-key")).toList(),
                containsInAnyOrder("shots/sunrise.png", "shots/harbour.png"));
        browser.waitFor(
                "return [...document.querySelectorAll('.grid .tile img')].every((i) => i.complete && i.naturalWidth > 0)");
        browser.waitFor("return document.querySelector('.live-badge').dataset.state === 'live'");

        // an upload made elsewhere (here: the API) appears without a reload
        Tokens.as(Tokens.login(MEMBER, Tokens.PASSWORD)).header("bucket", BUCKET).header("folder", "shots")
                .contentType(Multipart.contentType())
                .body(new Multipart().file("elsewhere.png", TestImages.png(4, 200, 150)).bytes())
                .post("/imagepic/object/putObject").then().statusCode(200);
        browser.find(".grid .tile.fresh[data-key='shots/elsewhere.png']");
        // each tile names its uploader; the live one too, once asked
        browser.waitFor(
                "return document.querySelector(\".tile[data-key='shots/elsewhere.png'] .file-uploader\").dataset.uploader === arguments[0]",
                MEMBER_NAME);
        assertEquals("by " + MEMBER_NAME, browser.find(".tile[data-key='shots/sunrise.png'] .file-uploader").getText());
        browser.waitFor(
                "const i = document.querySelector(\".tile[data-key='shots/elsewhere.png'] img\"); return i.complete && i.naturalWidth === 256"); // its thumbnail

        // the prefix filter narrows the grid
        browser.find("input[name=filter]").sendKeys("sun");
        browser.waitFor("return document.querySelectorAll('.grid .tile').length === 1");
        browser.find("input[name=filter]").sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        browser.waitFor("return document.querySelectorAll('.grid .tile').length === 3");

        // open one large: details and links, then close with Escape
        browser.click(".tile[data-key='shots/sunrise.png'] .tile-open");
        browser.find("dialog.viewer[open]");
        browser.waitFor(
                "const i = document.querySelector('dialog.viewer .viewer-img'); return i.complete && i.naturalWidth === 480");
        browser.waitFor("return [...document.querySelectorAll('dialog.viewer dt')].some((d) => d.textContent === 'Uploader'"
                + " && d.nextElementSibling.textContent === arguments[0])", MEMBER_NAME);
        assertEquals(browser.base + "i/" + BUCKET + "/shots/sunrise.png",
                browser.find("dialog.viewer .link-field").getDomProperty("value"));
        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog.viewer")));

        // delete one, confirmed
        browser.click(".tile[data-key='shots/harbour.png'] input[type=checkbox]");
        browser.click(".list-header .button.danger");
        browser.confirm();
        browser.waitFor("return document.querySelector(\".tile[data-key='shots/harbour.png']\") === null");
        assertThat(keys(BUCKET, "shots/"), not(hasItem("shots/harbour.png")));
        assertThat(keys(BUCKET, "shots/"), hasItem("shots/sunrise.png"));
    }

    @Test
    @Order(6)
    void signOutForgetsTheToken() {
        browser.click(".topbar .account .button");
        browser.find("h1#auth-title");
        assertEquals(Boolean.TRUE, browser.js("return sessionStorage.getItem('imagepic.token') === null"));
        browser.go("/gallery");
        browser.find("h1#auth-title");
    }

    private void assertRendersInAnImg(String url, int width) {
        Object natural = browser.jsAsync("""
                const done = arguments[arguments.length - 1];
                const img = new Image();
                img.onload = () => done(img.naturalWidth);
                img.onerror = () => done(-1);
                img.src = arguments[0];
                """, url);
        assertEquals((long) width, ((Number) natural).longValue(), url);
    }
}

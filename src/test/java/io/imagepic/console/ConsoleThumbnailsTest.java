package io.imagepic.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

import io.imagepic.support.Multipart;
import io.imagepic.support.Pictures;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The gallery draws thumbnails, not originals: each tile's transfer, as Chromium's resource timing measures it,
 * is under a tenth of the 2000×1500 original's; the large view uses the view preset; the copy buttons give a
 * chosen width and format, HTML with srcset for 1× and 2×.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ConsoleThumbnailsTest extends ConsoleBrowserTest {

    static final String BUCKET = "console-thumbs";

    @Test
    void galleryTilesAreThumbnailsAndLinksComeInAWidthAndFormat() {
        bucket(BUCKET, true);
        byte[] original = Pictures.jpeg(2000, 1500);
        String admin = Tokens.admin();
        for (String name : List.of("one.jpg", "two.jpg", "three.jpg")) {
            Tokens.as(admin).header("bucket", BUCKET).header("naming", "original").contentType(Multipart.contentType())
                    .body(new Multipart().file(name, "image/jpeg", original).bytes()).post("/imagepic/object/putObject")
                    .then().statusCode(200);
        }
        browser.signIn(Tokens.ADMIN_PHONE, Tokens.PASSWORD);
        browser.go("/gallery?bucket=" + BUCKET);
        browser.waitFor("return document.querySelectorAll('.grid .tile').length === 3"
                + " && [...document.querySelectorAll('.grid .tile img')].every((i) => i.complete && i.naturalWidth > 0)");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tiles = (List<Map<String, Object>>) browser.js("""
                return performance.getEntriesByType('resource').filter((e) => e.name.includes('/i/' + arguments[0] + '/'))
                  .map((e) => ({ url: e.name, bytes: e.encodedBodySize, transfer: e.transferSize }));
                """, BUCKET);
        assertEquals(3, tiles.size(), tiles.toString());
        for (Map<String, Object> tile : tiles) {
            assertTrue(tile.get("url").toString().endsWith("?preset=thumb"), tile.toString());
            long bytes = ((Number) tile.get("bytes")).longValue();
            long transfer = ((Number) tile.get("transfer")).longValue();
            assertTrue(bytes > 0 && transfer < original.length / 10, tile + " vs an original of " + original.length);
        }
        assertEquals(256L, ((Number) browser.js("return document.querySelector('.grid .tile img').naturalWidth")).longValue());

        browser.click(".tile[data-key='one.jpg'] .tile-open");
        browser.waitFor(
                "const i = document.querySelector('dialog.viewer .viewer-img'); return i.complete && i.naturalWidth === 1920");
        new Select(browser.find("dialog.viewer select[name=variant-width]")).selectByValue("640");
        new Select(browser.find("dialog.viewer select[name=variant-format]")).selectByValue("webp");
        String link = browser.base + "i/" + BUCKET + "/one.jpg";
        assertEquals(link + "?w=640&fm=webp", browser.find("dialog.viewer .link-field").getDomProperty("value"));
        browser.click("dialog.viewer .copy-group button[data-format=html]");
        browser.waitFor("return navigator.clipboard.readText().then((t) => t.includes('srcset'))");
        assertEquals("<img src=\"" + link + "?w=640&amp;fm=webp\" srcset=\"" + link + "?w=640&amp;fm=webp 1x, " + link
                + "?w=1920&amp;fm=webp 2x\" alt=\"one.jpg\">", browser.clipboard());
        // both links open without a token (public bucket, allow-listed widths)
        assertEquals(640, Pictures.dimensions(fetch("/i/" + BUCKET + "/one.jpg?w=640&fm=webp"))[0]);
        assertEquals(1920, Pictures.dimensions(fetch("/i/" + BUCKET + "/one.jpg?w=1920&fm=webp"))[0]);
    }
}

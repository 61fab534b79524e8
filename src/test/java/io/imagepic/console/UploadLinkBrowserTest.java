package io.imagepic.console;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.imagepic.support.Multipart;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The {@code url} of an upload answer, put as is into an {@code <img>} of a page that holds no token (a widget
 * showing what it just uploaded): a real Chromium loads and decodes it, for a private bucket (a signed link)
 * and for a public-read one (the permanent link).
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class UploadLinkBrowserTest extends ConsoleBrowserTest {

    @Test
    void theAnswersUrlRendersInAnImgForAPrivateAndAPublicBucket() {
        bucket("link-private", false);
        bucket("link-public", true);
        String member = Tokens.memberWith("write", "link-private", "link-public");
        browser.open("/"); // any page of the service; the script below sends no credentials

        JsonPath privateAnswer = upload(member, "link-private", TestImages.png(4, 320, 200));
        assertEquals("signed", privateAnswer.getString("data.urlType"));
        assertEquals(320L, naturalWidth(privateAnswer.getString("data.url")));

        JsonPath publicAnswer = upload(member, "link-public", TestImages.png(5, 240, 160));
        assertEquals("permanent", publicAnswer.getString("data.urlType"));
        assertThat(publicAnswer.getString("data.url"), not(containsString("?")));
        assertEquals(240L, naturalWidth(publicAnswer.getString("data.url")));
    }

    private static JsonPath upload(String token, String bucket, byte[] png) {
        String body = Tokens.as(token).header("bucket", bucket).contentType(Multipart.contentType())
                .body(new Multipart().file("shown.png", png).bytes())
                .post("/imagepic/object/putObject").then().statusCode(200).extract().asString();
        return JsonPath.from(body);
    }

    /** Loads the URL into a new <img> (no fetch, no headers: what a page does) and answers its natural width, -1 on error. */
    private static long naturalWidth(String url) {
        Object natural = browser.jsAsync("""
                const done = arguments[arguments.length - 1];
                const img = new Image();
                img.onload = () => done(img.naturalWidth);
                img.onerror = () => done(-1);
                img.src = arguments[0];
                """, url);
        return ((Number) natural).longValue();
    }
}

package io.imagepic.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.imagepic.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * What the console's browser tests share: Chromium on the running service (one per JVM and language, handed to each
 * test class as a fresh browser: {@link Browser#shared}), and after every test the check that the browser logged no
 * error and saw no Content-Security-Policy violation.
 */
abstract class ConsoleBrowserTest {

    static Browser browser;

    /** The service's root: Quarkus's test application's, or that of the packaged service a class starts. */
    @TestHTTPResource("/")
    URL root;

    /** The language the browser prefers; English unless a test class says otherwise. */
    String language() {
        return "en-US";
    }

    @BeforeEach
    void startBrowser() {
        assertTrue(Browser.available(), "the console tests need Debian's chromium and chromium-driver ("
                + Browser.CHROMIUM + ", " + Browser.CHROMEDRIVER + "); .ci/run installs them");
        if (browser == null) {
            browser = Browser.shared(root != null ? root.toString() : RestAssured.baseURI + ":" + RestAssured.port + "/",
                    language());
        }
    }

    @AfterEach
    void nothingWentWrongInTheBrowser() {
        if (browser != null) {
            // A storage call slower than the storage timeout (a very busy machine) is answered 503: the
            // console shows it in plain words, and it is not a fault of the console.
            browser.allow("status of 503");
            // Other test classes leave files that are not decodable images (magic bytes and noise) in buckets the
            // gallery may open first: their thumbnail is answered 422 and the console shows the original instead,
            // as designed (ConsoleThumbnailsTest checks that real images get thumbnails).
            browser.allow("preset=thumb - Failed to load resource: the server responded with a status of 422");
            browser.assertClean();
        }
    }

    /** The next class gets the browser handed over afresh; it quits when the JVM exits. */
    @AfterAll
    static void releaseBrowser() {
        browser = null;
    }

    /** A bucket made through the API (admin), public-read or private. */
    static void bucket(String name, boolean publicRead) {
        String admin = Tokens.admin();
        int status = Tokens.as(admin).contentType(ContentType.JSON).body("{\"bucketName\":\"" + name + "\"}")
                .post("/imagepic/bucket/makeBucket").statusCode();
        assertTrue(status == 200 || status == 409, "makeBucket " + name + ": " + status);
        Tokens.as(admin).contentType(ContentType.JSON)
                .body("{\"bucketName\":\"" + name + "\",\"policy\":\"" + (publicRead ? "public-read" : "private") + "\"}")
                .post("/imagepic/policy/setBucketPolicy").then().statusCode(200);
    }

    /** The object keys under a prefix, as the API lists them. */
    static List<String> keys(String bucket, String prefix) {
        return Tokens.as(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"bucketName\":\"" + bucket + "\",\"prefix\":\"" + prefix + "\",\"pageNum\":-1,\"recursive\":true}")
                .post("/imagepic/object/listObjects").then().statusCode(200).extract().path("data.lists.name");
    }

    /** An image fetched without any credentials (public buckets). */
    static byte[] fetch(String url) {
        return given().get(url).then().statusCode(200).extract().asByteArray();
    }
}

package io.imagepic.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import io.imagepic.support.S3ProxyResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.DecoderConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** The console over HTTP: the page's headers and markup, and the content-hashed, long-cached files. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ConsoleAssetsTest {

    private static final Pattern ASSET = Pattern.compile("/console/[a-z0-9-]+\\.[0-9a-f]{10}\\.(js|css|svg)");

    @Test
    void thePageHasAStrictPolicyAndNoInlineCode() {
        Response page = given().get("/").then().statusCode(200)
                .header("Content-Type", containsString("text/html"))
                .header("Cache-Control", "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .extract().response();
        String csp = page.header("Content-Security-Policy");
        assertTrue(csp.contains("default-src 'none'"), csp);
        assertTrue(csp.contains("script-src 'self';"), csp);
        assertTrue(csp.contains("style-src 'self';"), csp);
        assertTrue(csp.contains("img-src 'self' blob: data:"), csp);
        assertTrue(csp.contains("connect-src 'self';"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertTrue(csp.contains("require-trusted-types-for 'script'"), csp);
        assertFalse(csp.contains("unsafe"), csp);
        String html = page.asString();
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                "inline script: " + html);
        assertFalse(html.toLowerCase().contains("<style"), html);
        assertFalse(Pattern.compile("\\sstyle=|\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(html).find(), html);
        assertFalse(html.contains("{{"), "unfilled placeholder: " + html);
    }

    @Test
    void everyFileIsServedUnderAHashedNameCachedForAYear() {
        String html = given().get("/").asString();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(paths(html));
        while (!todo.isEmpty()) {
            String path = todo.pop();
            if (!seen.add(path)) {
                continue;
            }
            Response r = given().get(path).then().statusCode(200)
                    .header("Cache-Control", "public, max-age=31536000, immutable")
                    .header("X-Content-Type-Options", "nosniff")
                    .header("ETag", not(equalTo(null)))
                    .extract().response();
            if (path.endsWith(".js")) {
                assertTrue(r.contentType().startsWith("text/javascript"), path);
                todo.addAll(paths(r.asString()));
            }
        }
        assertTrue(seen.stream().anyMatch(p -> p.matches("/console/main\\.[0-9a-f]{10}\\.js")), seen.toString());
        assertTrue(seen.stream().anyMatch(p -> p.matches("/console/page-gallery\\.[0-9a-f]{10}\\.js")), seen.toString());
        assertTrue(seen.stream().anyMatch(p -> p.endsWith(".css")), seen.toString());
        assertTrue(seen.size() >= 15, seen.toString());
    }

    @Test
    void gzipWhenAskedAndRevalidation() {
        String main = paths(given().get("/").asString()).stream().filter(p -> p.contains("/main.")).findFirst().orElseThrow();
        Response plain = raw().header("Accept-Encoding", "identity").get(main).then().statusCode(200)
                .header("Content-Encoding", equalTo(null)).extract().response();
        Response zipped = raw().header("Accept-Encoding", "gzip, br").get(main).then().statusCode(200)
                .header("Content-Encoding", "gzip").header("Vary", "Accept-Encoding").extract().response();
        assertTrue(zipped.asByteArray().length < plain.asByteArray().length);
        assertArrayEquals(plain.asByteArray(), gunzip(zipped.asByteArray()));
        raw().header("Accept-Encoding", "gzip;q=0").get(main).then().header("Content-Encoding", equalTo(null));
        raw().header("If-None-Match", plain.header("ETag")).header("Accept-Encoding", "identity").get(main)
                .then().statusCode(304);
        raw().header("If-None-Match", plain.header("ETag")).header("Accept-Encoding", "gzip").get(main)
                .then().statusCode(200); // the gzipped body is another representation
        raw().head(main).then().statusCode(200).header("Content-Length", not(equalTo("0")));
        String etag = given().get("/").header("ETag");
        given().header("If-None-Match", etag).get("/").then().statusCode(304);
    }

    @Test
    void unknownFilesAreNotFound() {
        given().get("/console/main.js").then().statusCode(404).header("Cache-Control", "no-store")
                .body("success", equalTo(false));
        given().get("/console/main.0000000000.js").then().statusCode(404);
        given().get("/console/../imagepic/auth/me").then().statusCode(not(equalTo(200)));
    }

    /** Requests as sent: rest-assured would otherwise add its own Accept-Encoding and inflate answers. */
    private static RequestSpecification raw() {
        return given().config(RestAssured.config().decoderConfig(DecoderConfig.decoderConfig().noContentDecoders()));
    }

    private static byte[] gunzip(byte[] gz) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> paths(String text) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = ASSET.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }
}

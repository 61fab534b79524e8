package io.imagepic.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.imagepic.web.ApiError;

/** /i/{bucket}/{key} parsed from the raw path: traversal refused, never resolved to another key. */
class ImagePathTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "/i/fe-image/logo.png|fe-image|logo.png",
            "/i/fe-image/a/b/c.png|fe-image|a/b/c.png", "/i/fe-image/%E5%9B%BE.png|fe-image|图.png",
            "/i/fe-image/a+b.png|fe-image|a+b.png", "/i/fe-image/a%25b.png|fe-image|a%b.png" })
    void parses(String raw, String bucket, String key) {
        ImagePath p = ImagePath.parse(raw);
        assertEquals(bucket, p.bucket());
        assertEquals(key, p.key());
        assertEquals(p, ImagePath.parse(p.encoded()), "encoded() round-trips");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/x/fe-image/a.png", "/i/fe-image", "/i/fe-image/", "/i/Fe/a.png", "/i/fe-image/a/../b.png",
            "/i/fe-image/a%2Fb.png", "/i/fe-image/a%5Cb.png", "/i/fe-image/a%00.png", "/i/fe-image//a.png",
            "/i/fe-image/%zz.png" })
    void refuses(String raw) {
        assertEquals(400, assertThrows(ApiError.class, () -> ImagePath.parse(raw)).status());
    }

    @ParameterizedTest
    @CsvSource({ "/i/b/../x, true", "/i/b/%2e%2E/x, true", "/i/b/./x, true", "/i/b/..x, false", "/i/b/x.., false",
            "/i/b/.., true", "/i/b/%2E, true", "/i/b/.%2e/x, true", "/i/b/.../x, false", "/i/b/%2e%2e%2e, false",
            "/i/b/%252e/x, false", "/i/b/%2f/x, false", "/i/b//x, false", "/i/b/x.png, false", "/i/b/%2, false",
            "/i/b/%2e%2, false" })
    void dotSegmentsAreSeenBeforeNormalisation(String raw, boolean dot) {
        assertEquals(dot, ImagePath.hasDotSegment(raw));
    }
}

package io.imagepic.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.imagepic.web.ApiError;
import io.imagepic.web.BucketNames;

/** The key rules every route shares: what a key may be, and how folder headers and path segments decode. */
class ObjectKeysTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "|logo.png|logo.png", "icons|logo.png|icons/logo.png",
            "a/b/c|图 片.png|a/b/c/图 片.png", "x|.hidden|x/.hidden", "x|a+b%20c.png|x/a+b%20c.png" })
    void keysAreFolderSlashNameByteForByte(String folder, String name, String key) {
        assertEquals(key, ObjectKeys.key(folder == null ? "" : folder, name));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/abs", "a//b", "a/./b", "a/../b", "..", ".", "a\\b", "tab\there", "a/", "nul\u0000",
            "\ud800lonely" })
    void keysThatEscapeOrConfuseAreRefused(String key) {
        ApiError e = assertThrows(ApiError.class, () -> ObjectKeys.check(key));
        assertEquals(400, e.status());
    }

    @Test
    void theLimitIs1024BytesOfUtf8() {
        ObjectKeys.check("a".repeat(1024));
        assertThrows(ApiError.class, () -> ObjectKeys.check("a".repeat(1025)));
        ObjectKeys.check("图".repeat(341)); // 1023 bytes
        assertThrows(ApiError.class, () -> ObjectKeys.check("图".repeat(342))); // 1026 bytes
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "|''", "'  '|''", "a/b/|a/b", "%E5%9B%BE|图", "a%2Fb|a/b", "a+b|a+b" })
    void folderHeadersDecode(String header, String folder) {
        assertEquals(folder, ObjectKeys.folderFromHeader(header));
    }

    @Test
    void rawUtf8InAHeaderArrivesAsLatin1AndIsRecovered() {
        String asSent = new String("图片".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals("图片", ObjectKeys.folderFromHeader(asSent));
    }

    @ParameterizedTest
    @ValueSource(strings = { "%", "%4", "%zz", "%C3%28", "a/%2e%2e" })
    void badEscapesAndTraversalAreRefused(String header) {
        assertThrows(ApiError.class, () -> ObjectKeys.folderFromHeader(header));
    }

    @ParameterizedTest
    @CsvSource({ "abc, true", "a.b-c, true", "ab, false", "ABC, false", "-ab, false", "ab-, false", "a_b, false" })
    void bucketNamesFollowS3(String name, boolean valid) {
        assertEquals(valid, BucketNames.isValid(name));
        if (valid) {
            assertEquals(name, BucketNames.check(name));
        } else {
            assertThrows(ApiError.class, () -> BucketNames.check(name));
        }
    }

    @Test
    void nullBucketIsInvalid() {
        assertFalse(BucketNames.isValid(null));
        assertTrue(BucketNames.isValid("a".repeat(63)));
        assertFalse(BucketNames.isValid("a".repeat(64)));
    }
}

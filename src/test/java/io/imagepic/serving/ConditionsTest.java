package io.imagepic.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.vertx.core.MultiMap;

/** Validators and ranges as RFC 9110 has them, evaluated by the service itself. */
class ConditionsTest {

    static final String ETAG = "\"abc\"";
    static final ZonedDateTime MODIFIED = ZonedDateTime.parse("2026-11-26T09:00:00.700Z");
    static final String SAME_SECOND = "Thu, 26 Nov 2026 09:00:00 GMT";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"abc\"||true", "W/\"abc\"||true", "\"x\", \"abc\"||true", "*||true", "\"x\"||false",
            "|Thu, 26 Nov 2026 09:00:00 GMT|true", "|Thu, 26 Nov 2026 08:59:59 GMT|false",
            "|not a date|false", "\"x\"|Thu, 26 Nov 2026 09:00:00 GMT|false" })
    void notModified(String ifNoneMatch, String ifModifiedSince, boolean expected) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        if (ifNoneMatch != null) {
            h.add("If-None-Match", ifNoneMatch);
        }
        if (ifModifiedSince != null) {
            h.add("If-Modified-Since", ifModifiedSince);
        }
        assertEquals(expected, Conditions.of(h, true).notModified(ETAG, MODIFIED));
    }

    /** A revalidation by ETag (what browsers send) or a range by ETag never parses the object's date. */
    @Test
    void theDateIsParsedOnlyWhenAConditionComparesDates() {
        int[] asked = { 0 };
        java.util.function.Supplier<ZonedDateTime> date = () -> {
            asked[0]++;
            return MODIFIED;
        };
        MultiMap byEtag = MultiMap.caseInsensitiveMultiMap().add("If-None-Match", ETAG).add("If-Modified-Since", SAME_SECOND)
                .add("Range", "bytes=0-1").add("If-Range", ETAG);
        assertTrue(Conditions.of(byEtag, true).notModified(ETAG, date));
        assertEquals("bytes=0-1", Conditions.of(byEtag, true).effectiveRange(ETAG, date));
        assertEquals(0, asked[0]);
        MultiMap byDate = MultiMap.caseInsensitiveMultiMap().add("If-Modified-Since", SAME_SECOND);
        assertTrue(Conditions.of(byDate, true).notModified(ETAG, date));
        assertEquals(1, asked[0]);
        assertFalse(Conditions.of(MultiMap.caseInsensitiveMultiMap(), true).notModified(ETAG, date));
        assertEquals(1, asked[0]);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "bytes=0-99|bytes=0-99", "bytes=100-|bytes=100-", "bytes=-5|bytes=-5",
            "BYTES= 1 - 2|bytes=1-2", "bytes=5-1|", "bytes=0-1,5-6|", "bytes=-|", "items=0-1|", "|" })
    void onlyOneSatisfiableLookingRangeIsKept(String header, String normalized) {
        assertEquals(normalized, Conditions.normalizedRange(header));
    }

    @ParameterizedTest
    @CsvSource({ "bytes=0-9, 10, false", "bytes=10-, 10, true", "bytes=-0, 10, true", "bytes=-5, 0, true",
            "bytes=-5, 10, false" })
    void unsatisfiable(String range, long size, boolean expected) {
        assertEquals(expected, Conditions.unsatisfiable(range, size));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "\"abc\"|bytes=0-1", "\"old\"|", "W/\"abc\"|",
            SAME_SECOND + "|bytes=0-1", "Thu, 26 Nov 2026 08:00:00 GMT|" })
    void ifRangeKeepsTheRangeOnlyForTheSameRepresentation(String ifRange, String effective) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap().add("Range", "bytes=0-1").add("If-Range", ifRange);
        assertEquals(effective, Conditions.of(h, true).effectiveRange(ETAG, MODIFIED));
    }
}

package io.imagepic.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.imagepic.web.ApiError;

/** Which events a listener or webhook hears: bucket, prefix, suffix and type patterns, as a table. */
class EventFilterTest {

    static final StorageEvent PUT = StorageEvent.objectCreated("shop", "img/logo.png", 10, "e", "image/png", null);
    static final StorageEvent DELETE = StorageEvent.objectRemoved("shop", "img/logo.png", null);
    static final StorageEvent CREATED = StorageEvent.bucketCreated("shop", null);
    static final StorageEvent OTHER_BUCKET = StorageEvent.objectCreated("blog", "img/logo.png", 10, "e", "image/png", null);

    // columns: bucket, prefix, suffix, events (| separated), then whether PUT, DELETE, CREATED, OTHER_BUCKET match
    @ParameterizedTest(name = "bucket={0} prefix={1} suffix={2} events={3}")
    @CsvSource(nullValues = "-", value = {
            "-,    -,     -,    -,                                     true,  true,  true,  true",
            "'',   ' ',   '',   -,                                     true,  true,  true,  true", // blanks: no constraint
            "shop, -,     -,    -,                                     true,  true,  true,  false",
            "-,    img/,  -,    -,                                     true,  true,  false, true", // bucket events have no key
            "-,    -,     .png, -,                                     true,  true,  false, true",
            "-,    doc/,  -,    -,                                     false, false, false, false",
            "-,    -,     .jpg, -,                                     false, false, false, false",
            "-,    -,     -,    s3:ObjectCreated:*,                    true,  false, false, true",
            "-,    -,     -,    s3:ObjectCreated:Put,                  true,  false, false, true",
            "-,    -,     -,    s3:ObjectRemoved:*,                    false, true,  false, false",
            "-,    -,     -,    s3:Bucket*,                            false, false, true,  false",
            "-,    -,     -,    *,                                     true,  true,  true,  true",
            "-,    -,     -,    s3:ObjectCreated:Put|s3:BucketCreated, true,  false, true,  true",
            "-,    -,     -,    's3:ObjectRemoved:Delete, s3:BucketCreated', false, true, true, false", // comma lists
            "shop, img/,  .png, s3:ObjectCreated:*,                    true,  false, false, false",
    })
    void matches(String bucket, String prefix, String suffix, String events, boolean put, boolean delete,
            boolean created, boolean otherBucket) {
        EventFilter filter = EventFilter.of(bucket, prefix, suffix, events == null ? null : Arrays.asList(events.split("\\|")));
        assertEquals(List.of(put, delete, created, otherBucket),
                List.of(filter.matches(PUT), filter.matches(DELETE), filter.matches(CREATED), filter.matches(OTHER_BUCKET)));
    }

    @ParameterizedTest
    @CsvSource({ "s3:Whatever", "s3:ObjectCreated:Copy", "ObjectCreated:*", "s3:objectcreated:put" })
    void anUnknownEventTypeIsABadRequest(String pattern) {
        ApiError e = assertThrows(ApiError.class, () -> EventFilter.of(null, null, null, List.of(pattern)));
        assertEquals(400, e.status());
    }
}

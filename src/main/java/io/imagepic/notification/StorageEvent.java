package io.imagepic.notification;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.imagepic.access.Caller;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One change to the image store, named like S3 event notifications. {@code key}, {@code size},
 * {@code etag} and {@code contentType} are null for bucket events (and size/etag/type for removals);
 * {@code user} is the caller's id, null when anonymous.
 */
@RegisterForReflection // serialised by Jackson, also outside REST answers (native image)
public record StorageEvent(String id, String type, Instant time, String bucket, String key, Long size, String etag,
        String contentType, String user) {

    public static final String OBJECT_CREATED_PUT = "s3:ObjectCreated:Put";
    public static final String OBJECT_REMOVED_DELETE = "s3:ObjectRemoved:Delete";
    public static final String BUCKET_CREATED = "s3:BucketCreated";
    public static final String BUCKET_REMOVED = "s3:BucketRemoved";

    /**
     * Sent to one webhook on an admin's request ({@code POST /imagepic/notification/webhooks/{id}/test}), whatever
     * its filter; named like the test event S3 sends when notifications are configured. Not a change to the
     * store: live listeners never get it, and filters cannot name it.
     */
    public static final String TEST = "s3:TestEvent";

    /** Every type the service produces; filters are checked against it. */
    public static final List<String> TYPES = List.of(OBJECT_CREATED_PUT, OBJECT_REMOVED_DELETE, BUCKET_CREATED,
            BUCKET_REMOVED);

    /** An object written (created or overwritten: S3 names both Put). */
    public static StorageEvent objectCreated(String bucket, String key, long size, String etag, String contentType,
            Caller caller) {
        return new StorageEvent(newId(), OBJECT_CREATED_PUT, Instant.now(), bucket, key, size, etag, contentType,
                userOf(caller));
    }

    public static StorageEvent objectRemoved(String bucket, String key, Caller caller) {
        return new StorageEvent(newId(), OBJECT_REMOVED_DELETE, Instant.now(), bucket, key, null, null, null,
                userOf(caller));
    }

    public static StorageEvent bucketCreated(String bucket, Caller caller) {
        return new StorageEvent(newId(), BUCKET_CREATED, Instant.now(), bucket, null, null, null, null, userOf(caller));
    }

    public static StorageEvent bucketRemoved(String bucket, Caller caller) {
        return new StorageEvent(newId(), BUCKET_REMOVED, Instant.now(), bucket, null, null, null, null, userOf(caller));
    }

    /** A test event for a webhook watching {@code bucket} (null: every bucket). */
    public static StorageEvent test(String bucket, Caller caller) {
        return new StorageEvent(newId(), TEST, Instant.now(), bucket, null, null, null, null, userOf(caller));
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private static String userOf(Caller caller) {
        return caller == null ? null : caller.id();
    }
}

package io.imagepic.state;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A notice on the change feed ({@link StateChanges}): what changed, never the change itself (except where a reader
 * needs nothing else, like a policy's new value). Stores announce their own changes once they are durable; modules
 * announce object changes and live events. Small: on postgres each travels as a NOTIFY payload (under 8000 bytes).
 *
 * <p>
 * To add a kind: a record here, listed in {@link JsonSubTypes} (it is the wire format between replicas, so a name
 * is never reused for something else).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "change")
@JsonSubTypes({
        @JsonSubTypes.Type(value = StateChange.AccountChanged.class, name = "account"),
        @JsonSubTypes.Type(value = StateChange.TokenChanged.class, name = "token"),
        @JsonSubTypes.Type(value = StateChange.GrantChanged.class, name = "grant"),
        @JsonSubTypes.Type(value = StateChange.PolicyChanged.class, name = "policy"),
        @JsonSubTypes.Type(value = StateChange.WebhookTargetsChanged.class, name = "webhooks"),
        @JsonSubTypes.Type(value = StateChange.ObjectChanged.class, name = "object"),
        @JsonSubTypes.Type(value = StateChange.BucketRemoved.class, name = "bucket-removed"),
        @JsonSubTypes.Type(value = StateChange.LiveEvent.class, name = "live"),
        @JsonSubTypes.Type(value = StateChange.KeyAdded.class, name = "key"),
        @JsonSubTypes.Type(value = StateChange.Gap.class, name = "gap")
})
public sealed interface StateChange {

    /**
     * An account changed: created, password or credential version, admin right, disabled. Drop whatever was cached
     * for this user id or phone (verified credentials among them).
     */
    @RegisterForReflection
    record AccountChanged(String userId, String phone) implements StateChange {
    }

    /** A service token was created or revoked (or changed): drop what was cached for this token id. */
    @RegisterForReflection
    record TokenChanged(String tokenId) implements StateChange {
    }

    /**
     * A bucket grant was made, changed or revoked: drop what was cached for this bucket and user id ({@code userId}
     * null: for every member of the bucket).
     */
    @RegisterForReflection
    record GrantChanged(String bucket, String userId) implements StateChange {
    }

    /** A bucket's policy is now {@code policy} (null: the default, private). */
    @RegisterForReflection
    record PolicyChanged(String bucket, String policy) implements StateChange {
    }

    /** A webhook target was added or removed. */
    @RegisterForReflection
    record WebhookTargetsChanged(String targetId) implements StateChange {
    }

    /**
     * An object was written (uploaded, overwritten: {@code etag} is the new one) or removed ({@code etag} null).
     * Anything cached for bucket + key (a hot image, derived images) with another ETag is stale: evict it.
     */
    @RegisterForReflection
    record ObjectChanged(String bucket, String key, String etag) implements StateChange {

        public boolean removed() {
            return etag == null;
        }
    }

    /** A bucket was removed: everything cached for it is stale (a bucket of that name may be created afresh). */
    @RegisterForReflection
    record BucketRemoved(String bucket) implements StateChange {
    }

    /**
     * A storage event for the live streams of every replica: {@code json} is the event as sent to listeners
     * (notification.StorageEvent), {@code bucket} is its bucket for filtering without parsing.
     */
    @RegisterForReflection
    record LiveEvent(String bucket, String json) implements StateChange {
    }

    /**
     * A key was stored in the {@link SigningKeyStore} under {@code name} (a key ring's new member or a retirement
     * mark, a bucket's new generation): whoever keeps keys under that name's prefix in memory reads them again.
     */
    @RegisterForReflection
    record KeyAdded(String name) implements StateChange {
    }

    /**
     * The feed lost continuity: notices may have been missed (postgres: the listening connection dropped and was
     * re-established). Subscribers drop every cache the feed keeps fresh and re-read; live streams send
     * {@code reconnect} so clients catch up. Delivered locally only, never published.
     */
    @RegisterForReflection
    record Gap() implements StateChange {
    }
}

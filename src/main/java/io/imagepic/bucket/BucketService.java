package io.imagepic.bucket;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.imagepic.access.Caller;
import io.imagepic.link.BucketGenerations;
import io.imagepic.notification.Notifications;
import io.imagepic.notification.StorageEvent;
import io.imagepic.notification.Webhooks;
import io.imagepic.s3.ObjectStore;
import io.imagepic.s3.S3Calls;
import io.imagepic.s3.S3Exception;
import io.imagepic.s3.S3Msg;
import io.imagepic.token.ServiceTokens;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

@ApplicationScoped
public class BucketService {

    private final ObjectStore store;
    private final S3Calls s3;
    private final Event<BucketRemoved> removed;
    private final Notifications notifications;
    private final BucketMembers members;

    private final BucketGenerations generations;
    private final ServiceTokens tokens;
    private final Webhooks webhooks;

    BucketService(ObjectStore store, S3Calls s3, Event<BucketRemoved> removed, Notifications notifications,
            BucketMembers members, BucketGenerations generations, ServiceTokens tokens, Webhooks webhooks) {
        this.generations = generations;
        this.tokens = tokens;
        this.webhooks = webhooks;
        this.store = store;
        this.s3 = s3;
        this.removed = removed;
        this.notifications = notifications;
        this.members = members;
    }

    public Uni<List<BucketInfo>> list() {
        return s3.call("listBuckets", () -> store.listBuckets().stream()
                .map(b -> new BucketInfo(b.name(), b.created()))
                .toList());
    }

    public Uni<Void> create(String bucket, Caller caller) {
        return s3.call("makeBucket", () -> {
            if (store.bucketExists(bucket)) {
                throw new S3Exception(S3Exception.Code.BUCKET_EXISTS, S3Msg.BUCKET_EXISTS, bucket);
            }
            return null;
        }).chain(() -> Uni.createFrom().item(() -> {
            // left by a removal cut short: a new bucket starts without members (state writes, so outside the S3
            // call's timeout). Token allow-lists and webhooks may name a bucket before it exists (a team wires its
            // hooks, then makes the bucket), so they are kept here; remove() clears them with the old bucket.
            members.removeAll(bucket);
            generations.renew(bucket); // before it exists: no link made for an earlier bucket of this name opens it
            return null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())).chain(() -> s3.call("makeBucket", () -> {
            store.makeBucket(bucket);
            notifications.publish(StorageEvent.bucketCreated(bucket, caller)).await().indefinitely();
            return null;
        }));
    }

    /** Refuses a non-empty bucket with 409 rather than relying on every S3 server to do it. */
    public Uni<Void> remove(String bucket, Caller caller) {
        return s3.call("removeBucket", () -> {
            if (!store.bucketExists(bucket)) {
                throw S3Exception.noSuchBucket(bucket);
            }
            if (!store.isEmpty(bucket)) {
                throw new S3Exception(S3Exception.Code.BUCKET_NOT_EMPTY, S3Msg.BUCKET_NOT_EMPTY, bucket);
            }
            store.removeBucket(bucket);
            generations.renew(bucket); // its signed links stop opening, now and once the name is taken again
            // a bucket created later under this name starts without members, policy, token rights or webhooks
            members.removeAll(bucket);
            tokens.removeBucket(bucket);
            removed.fire(new BucketRemoved(bucket)); // still on the worker thread: observers may block
            notifications.publish(StorageEvent.bucketRemoved(bucket, caller)).await().indefinitely();
            webhooks.removeBucket(bucket); // with its pending deliveries (this removal among them)
            return null;
        });
    }

    public Uni<Boolean> exists(String bucket) {
        return s3.call("bucketExists", () -> store.bucketExists(bucket));
    }
}

package io.imagepic.serving;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.imagepic.notification.Notifications;
import io.imagepic.notification.StorageEvent;
import io.imagepic.state.StateChange;
import io.imagepic.state.StateChanges;
import io.quarkus.runtime.StartupEvent;

/**
 * Where the image cache learns that objects changed, on this replica or another: an object written or removed
 * is evicted by key, a removed bucket wholly, and a gap in the change feed (notices may have been missed) empties
 * the cache. Two sources, as long as not every producer publishes to the state module's change feed: the feed
 * ({@link StateChanges}: {@code ObjectChanged}, {@code BucketRemoved}, {@code Gap}) and {@link Notifications}'
 * observers (this replica's events and its peers', over the cluster bus, best effort: hence the cache's max-age).
 * A change seen twice is evicted twice: harmless. When every change reaches the feed, the second source goes.
 */
@Singleton
class CacheEvictions {

    private final ImageCache cache;
    private final Notifications notifications;
    private final StateChanges feed;

    CacheEvictions(ImageCache cache, Notifications notifications, StateChanges feed) {
        this.cache = cache;
        this.notifications = notifications;
        this.feed = feed;
    }

    void start(@Observes StartupEvent event) {
        notifications.observe(this::changed);
        feed.subscribe(this::noticed);
    }

    void noticed(StateChange change) {
        if (change instanceof StateChange.ObjectChanged o) {
            cache.evict(o.bucket(), o.key(), o.etag()); // a write of the very bytes kept keeps them
        } else if (change instanceof StateChange.BucketRemoved b) {
            cache.evictBucket(b.bucket());
        } else if (change instanceof StateChange.Gap) {
            cache.clear();
        }
    }

    void changed(StorageEvent event, boolean local) {
        if (event.bucket() == null) {
            return;
        }
        switch (event.type()) {
            case StorageEvent.OBJECT_CREATED_PUT, StorageEvent.OBJECT_REMOVED_DELETE -> {
                if (event.key() != null) {
                    cache.evict(event.bucket(), event.key());
                }
            }
            case StorageEvent.BUCKET_REMOVED -> cache.evictBucket(event.bucket());
            default -> {
            }
        }
    }
}

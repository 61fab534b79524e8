package io.imagepic.serving;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.imagepic.notification.Notifications;
import io.imagepic.notification.StorageEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Where the image cache learns that objects changed, on this replica or another: an object written or removed
 * is evicted by key, a removed bucket wholly. The seam to the store's change notices: today the service's
 * own events ({@link Notifications#observe}: this replica's, and the other replicas' over the cluster bus,
 * best effort, hence the cache's max-age); the state engine's change feed, with its gap signal (clear all),
 * replaces it here alone.
 */
@Singleton
class CacheEvictions {

    private final ImageCache cache;
    private final Notifications notifications;

    CacheEvictions(ImageCache cache, Notifications notifications) {
        this.cache = cache;
        this.notifications = notifications;
    }

    void start(@Observes StartupEvent event) {
        notifications.observe(this::changed);
    }

    void changed(StorageEvent event) {
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

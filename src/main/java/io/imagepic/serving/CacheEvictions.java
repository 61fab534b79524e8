package io.imagepic.serving;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.imagepic.state.StateChange;
import io.imagepic.state.StateChanges;
import io.quarkus.runtime.StartupEvent;

/**
 * Where the image cache learns that objects changed, on this replica or another: the change feed
 * ({@link StateChanges}; this replica's own notices arrive at once, the others' within milliseconds). An object
 * written with another ETag or removed is evicted by key ({@code ObjectChanged}), a removed bucket wholly
 * ({@code BucketRemoved}), and a gap in the feed (notices may have been missed) empties the cache. Fills in flight
 * of what changed are never stored ({@link ImageCache}).
 */
@Singleton
class CacheEvictions {

    private final ImageCache cache;
    private final StateChanges feed;

    CacheEvictions(ImageCache cache, StateChanges feed) {
        this.cache = cache;
        this.feed = feed;
    }

    void start(@Observes StartupEvent event) {
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
}

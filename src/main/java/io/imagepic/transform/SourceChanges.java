package io.imagepic.transform;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.imagepic.notification.Notifications;
import io.imagepic.notification.StorageEvent;
import io.imagepic.state.StateChange;
import io.imagepic.state.StateChanges;
import io.quarkus.runtime.StartupEvent;

/**
 * The seam between the store's changes and the derivatives: an object written or removed, or a bucket removed,
 * through any replica, drops what this replica knows of the source's version at once, and the replica that made
 * the change deletes the old derivatives (unless the change replaced nothing: an upload that created its key). The
 * change feed ({@link StateChanges}: {@code ObjectChanged},
 * {@code BucketRemoved} from every replica, and {@code Gap}, which forgets every version) drops versions;
 * {@link Notifications}' observers (this replica's own events) delete derivatives. A version dropped twice: harmless.
 */
@Singleton
public class SourceChanges {

    private final SourceVersions versions;
    private final Derivatives derivatives;
    private final Notifications notifications;
    private final StateChanges feed;

    SourceChanges(SourceVersions versions, Derivatives derivatives, Notifications notifications, StateChanges feed) {
        this.versions = versions;
        this.derivatives = derivatives;
        this.notifications = notifications;
        this.feed = feed;
    }

    void subscribe(@Observes StartupEvent started) {
        notifications.observe(this::changed);
        feed.subscribe(this::noticed);
    }

    void noticed(StateChange change) {
        if (change instanceof StateChange.ObjectChanged o) {
            versions.changed(o.bucket(), o.key());
        } else if (change instanceof StateChange.BucketRemoved b) {
            versions.bucketChanged(b.bucket());
        } else if (change instanceof StateChange.Gap) {
            versions.reset(); // notices may have been missed: every version is asked again
        }
    }

    /** This replica's own change; {@code replaced} false: a key created new, no derivatives of it can exist yet. */
    void changed(StorageEvent event, boolean replaced) {
        if (event.bucket() == null || event.bucket().equals(derivatives.cacheBucket())) {
            return;
        }
        switch (event.type()) {
            case StorageEvent.OBJECT_CREATED_PUT, StorageEvent.OBJECT_REMOVED_DELETE -> {
                if (event.key() != null) {
                    versions.changed(event.bucket(), event.key());
                    if (replaced) {
                        derivatives.deleteDerivatives(event.bucket(), event.key());
                    }
                }
            }
            case StorageEvent.BUCKET_REMOVED -> {
                versions.bucketChanged(event.bucket());
                if (replaced) {
                    derivatives.deleteBucketDerivatives(event.bucket());
                }
            }
            default -> {
            }
        }
    }
}

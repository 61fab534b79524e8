package io.imagepic.transform;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.imagepic.notification.Notifications;
import io.imagepic.notification.StorageEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The seam between the store's change events and the derivatives: an object written or removed, or a bucket
 * removed, through any replica, drops what this replica knows of the source's version at once, and the replica
 * that made the change deletes the old derivatives. Fed today by {@link Notifications}' observers (this
 * replica's events and its peers', over the cluster bus); the state module's change feed replaces it when it
 * lands, with its gap signal calling {@link SourceVersions#reset()}.
 */
@Singleton
public class SourceChanges {

    private final SourceVersions versions;
    private final Derivatives derivatives;
    private final Notifications notifications;

    SourceChanges(SourceVersions versions, Derivatives derivatives, Notifications notifications) {
        this.versions = versions;
        this.derivatives = derivatives;
        this.notifications = notifications;
    }

    void subscribe(@Observes StartupEvent started) {
        notifications.observe(this::changed);
    }

    void changed(StorageEvent event, boolean local) {
        if (event.bucket() == null || event.bucket().equals(derivatives.cacheBucket())) {
            return;
        }
        switch (event.type()) {
            case StorageEvent.OBJECT_CREATED_PUT, StorageEvent.OBJECT_REMOVED_DELETE -> {
                if (event.key() != null) {
                    versions.changed(event.bucket(), event.key());
                    if (local) {
                        derivatives.deleteDerivatives(event.bucket(), event.key());
                    }
                }
            }
            case StorageEvent.BUCKET_REMOVED -> {
                versions.bucketChanged(event.bucket());
                if (local) {
                    derivatives.deleteBucketDerivatives(event.bucket());
                }
            }
            default -> {
            }
        }
    }
}

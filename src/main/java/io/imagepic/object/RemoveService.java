package io.imagepic.object;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.access.Caller;
import io.imagepic.notification.Notifications;
import io.imagepic.notification.StorageEvent;
import io.imagepic.s3.S3Calls;
import io.imagepic.upload.UploadConfig;
import io.imagepic.web.ApiException;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.smallrye.mutiny.Uni;

/** removeObject: the uploader recorded in the object's metadata, or an admin, may remove it. */
@ApplicationScoped
public class RemoveService {

    private final MinioClient minio;
    private final S3Calls s3;
    private final UploadConfig config;

    private final Notifications notifications;

    RemoveService(MinioClient minio, S3Calls s3, UploadConfig config, Notifications notifications) {
        this.notifications = notifications;
        this.minio = minio;
        this.s3 = s3;
        this.config = config;
    }

    public Uni<Void> remove(Caller caller, String bucket, String key) {
        if (caller.isAnonymous() && !config.allowAnonymous()) {
            return Uni.createFrom().failure(new ApiException(401, "a token is required to remove objects"));
        }
        if (!caller.mayAccess(bucket)) {
            return Uni.createFrom().failure(new Caller.BucketDenied(bucket)); // a service token's allow-list
        }
        return s3.call("removeObject", () -> {
            String uploader = Uploaders.decode(minio.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build())
                    .userMetadata().get(Uploaders.METADATA_KEY));
            if (!mayRemove(caller, uploader)) {
                throw new ApiException(403, "only the uploader or an admin may remove " + bucket + "/" + key);
            }
            minio.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            notifications.publish(StorageEvent.objectRemoved(bucket, key, caller));
            return null;
        });
    }

    static boolean mayRemove(Caller caller, String uploader) {
        if (caller.admin()) {
            return true;
        }
        if (caller.isAnonymous()) {
            return uploader == null; // anonymous mode: objects nobody owns
        }
        return caller.id().equals(uploader);
    }
}

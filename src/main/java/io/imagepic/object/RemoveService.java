package io.imagepic.object;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.access.Access;
import io.imagepic.access.Action;
import io.imagepic.access.Caller;
import io.imagepic.notification.Notifications;
import io.imagepic.notification.StorageEvent;
import io.imagepic.s3.S3Calls;
import io.imagepic.web.ApiError;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.smallrye.mutiny.Uni;

/**
 * removeObject: a caller with write access removes its own objects (the uploader recorded in the object's
 * metadata); someone else's need manage rights on the bucket.
 */
@ApplicationScoped
public class RemoveService {

    private final MinioClient minio;
    private final S3Calls s3;
    private final Access access;
    private final Notifications notifications;

    RemoveService(MinioClient minio, S3Calls s3, Access access, Notifications notifications) {
        this.minio = minio;
        this.s3 = s3;
        this.access = access;
        this.notifications = notifications;
    }

    public Uni<Void> remove(Caller caller, String bucket, String key) {
        access.check(caller, Action.WRITE, bucket);
        return s3.call("removeObject", () -> {
            String uploader = Uploaders.decode(minio.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build())
                    .userMetadata().get(Uploaders.METADATA_KEY));
            if (!caller.id().equals(uploader) && !access.allows(caller, Action.MANAGE, bucket)) {
                throw ApiError.forbidden(ObjectMsg.NOT_OWNER, bucket, key);
            }
            minio.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            notifications.publish(StorageEvent.objectRemoved(bucket, key, caller));
            return null;
        });
    }
}

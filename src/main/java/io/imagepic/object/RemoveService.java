package io.imagepic.object;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.imagepic.access.Access;
import io.imagepic.access.Action;
import io.imagepic.access.Caller;
import io.imagepic.notification.Notifications;
import io.imagepic.notification.StorageEvent;
import io.imagepic.s3.Etags;
import io.imagepic.s3.ObjectInfo;
import io.imagepic.s3.ObjectStore;
import io.imagepic.s3.S3Calls;
import io.imagepic.s3.S3Exception;
import io.imagepic.web.ApiError;
import io.smallrye.mutiny.Uni;

/**
 * removeObject: a caller with write access removes its own objects (the uploader recorded in the object's
 * metadata); someone else's need manage rights on the bucket. The delete is conditional on the version checked,
 * so what was decided for one version never removes another. Removing a key that is not there succeeds, as an
 * S3 delete does (a client retrying after a timeout must not see an error); a missing bucket still fails.
 */
@ApplicationScoped
public class RemoveService {

    private static final Logger LOG = Logger.getLogger(RemoveService.class);

    private final ObjectStore store;
    private final S3Calls s3;
    private final Access access;
    private final Notifications notifications;
    /** False once the S3 server answered a conditional delete with NotImplemented. */
    private volatile boolean conditionalDeletes = true;

    RemoveService(ObjectStore store, S3Calls s3, Access access, Notifications notifications) {
        this.store = store;
        this.s3 = s3;
        this.access = access;
        this.notifications = notifications;
    }

    public Uni<Void> remove(Caller caller, String bucket, String key) {
        return s3.call("removeObject", bucket, key, () -> {
            access.check(caller, Action.WRITE, bucket); // on the worker: it may read a grant
            Optional<ObjectInfo> existing = S3Calls.await(store.find(bucket, key));
            if (existing.isEmpty()) {
                // A HEAD answers 404 alike for a missing key and a missing bucket (and some S3 servers delete
                // from a missing bucket without complaint): only the bucket tells the two apart.
                if (!store.bucketExists(bucket)) {
                    throw S3Exception.noSuchBucket(bucket);
                }
                return null; // nothing to remove: done, as an S3 delete of a missing key
            }
            String uploader = Uploaders.decode(existing.get().metadata().get(Uploaders.METADATA_KEY));
            if (!caller.id().equals(uploader) && !access.allows(caller, Action.MANAGE, bucket)) {
                throw ApiError.forbidden(ObjectMsg.NOT_OWNER, bucket, key);
            }
            removeIfUnchanged(bucket, key, existing.get().etag());
            // answered once its webhook deliveries are queued (on this worker: waiting is fine here)
            notifications.publish(StorageEvent.objectRemoved(bucket, key, caller)).await().indefinitely();
            return null;
        });
    }

    /**
     * Deletes the version that was checked, and only it: {@code If-Match} on its ETag, so a replacement written
     * between the check and the delete (a manager's, say) stays, and this removal answers 409. AWS S3 and S3Proxy
     * 4.1 honour the condition. A server that answers it with NotImplemented gets the check repeated right before
     * a plain delete instead (a window of one round trip; docs/design.md).
     */
    private void removeIfUnchanged(String bucket, String key, String etag) {
        if (!conditionalDeletes) {
            removeIfStillSame(bucket, key, etag);
            return;
        }
        try {
            S3Calls.await(store.deleteIfMatch(bucket, key, etag));
        } catch (S3Exception e) {
            if (e.code() == S3Exception.Code.PRECONDITION_FAILED) {
                throw ApiError.conflict(ObjectMsg.CHANGED_MEANWHILE, bucket, key);
            }
            if (e.code() == S3Exception.Code.NOT_IMPLEMENTED) {
                conditionalDeletes = false;
                LOG.warn("the S3 server does not support conditional deletes (If-Match on DELETE): removeObject"
                        + " checks the version again right before an unconditional delete instead, which leaves a"
                        + " window of one round trip in which a replacement can be removed");
                removeIfStillSame(bucket, key, etag);
                return;
            }
            throw e;
        }
    }

    private void removeIfStillSame(String bucket, String key, String etag) {
        Optional<ObjectInfo> now = S3Calls.await(store.find(bucket, key));
        if (now.isEmpty()) {
            return; // removed meanwhile: done
        }
        if (!Etags.unquote(etag).equals(Etags.unquote(now.get().etag()))) {
            throw ApiError.conflict(ObjectMsg.CHANGED_MEANWHILE, bucket, key);
        }
        S3Calls.await(store.delete(bucket, key));
    }
}

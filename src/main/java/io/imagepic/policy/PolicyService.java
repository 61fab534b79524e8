package io.imagepic.policy;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.imagepic.bucket.BucketRemoved;
import io.imagepic.s3.ObjectStore;
import io.imagepic.s3.S3Calls;
import io.imagepic.s3.S3Exception;
import io.smallrye.mutiny.Uni;

/** Reads and changes bucket policies; optionally mirrors public-read onto the S3 server. */
@ApplicationScoped
public class PolicyService {

    private static final Logger LOG = Logger.getLogger(PolicyService.class);

    private final PolicyStore store;
    private final PolicyConfig config;
    private final ObjectStore objects;
    private final S3Calls s3;

    PolicyService(PolicyStore store, PolicyConfig config, ObjectStore objects, S3Calls s3) {
        this.store = store;
        this.config = config;
        this.objects = objects;
        this.s3 = s3;
    }

    /** In memory, never blocks: the image route calls it on the event loop. */
    public BucketPolicy policyOf(String bucket) {
        return store.policyOf(bucket);
    }

    public Map<String, BucketPolicy> all() {
        return store.all();
    }

    /** Blocking: the policy as stored on the shared volume now (whichever replica set it). */
    public BucketPolicy current(String bucket) {
        return store.current(bucket);
    }

    /** Blocking: every non-private policy as stored now. */
    public Map<String, BucketPolicy> currentAll() {
        return store.currentAll();
    }

    /** Only existing buckets get a policy; the file is written on a worker thread. */
    public Uni<PolicyChange> set(String bucket, BucketPolicy policy) {
        return s3.call("setBucketPolicy", () -> {
            if (!objects.bucketExists(bucket)) {
                throw S3Exception.noSuchBucket(bucket);
            }
            store.put(bucket, policy);
            if (!config.mirrorToS3()) {
                return new PolicyChange(bucket, policy, null, null);
            }
            try {
                mirror(bucket, policy);
                return new PolicyChange(bucket, policy, true, null);
            } catch (Exception e) {
                // The service's own policy is in force either way; say that the mirror did not follow.
                String why = S3Calls.translate("mirror bucket policy", e).getMessage();
                LOG.warnf("bucket %s is %s for the service, but the S3 mirror failed: %s", bucket, policy.value(), why);
                return new PolicyChange(bucket, policy, false, why);
            }
        });
    }

    /** A removed bucket forgets its policy, so a new bucket of the same name starts private. */
    void onBucketRemoved(@Observes BucketRemoved removed) {
        store.put(removed.bucket(), BucketPolicy.PRIVATE);
    }

    /** Anonymous s3:GetObject on the bucket's objects only: no s3:ListBucket, unlike MinIO's canned "download". */
    static String anonymousReadPolicy(String bucket) {
        return """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},\
                "Action":["s3:GetObject"],"Resource":["arn:aws:s3:::%s/*"]}]}""".formatted(bucket);
    }

    private void mirror(String bucket, BucketPolicy policy) {
        if (policy == BucketPolicy.PUBLIC_READ) {
            objects.setBucketPolicy(bucket, anonymousReadPolicy(bucket));
        } else {
            objects.deleteBucketPolicy(bucket);
        }
    }
}

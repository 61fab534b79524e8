package io.imagepic.support;

import java.io.ByteArrayInputStream;

import io.minio.BucketExistsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;

/** Puts fixtures straight into the test S3 server, bypassing the service under test. */
public final class S3Fixtures {

    private S3Fixtures() {
    }

    public static void bucket(MinioClient minio, String bucket) throws Exception {
        if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
    }

    public static void put(MinioClient minio, String bucket, String key, byte[] bytes, String contentType) throws Exception {
        minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType(contentType).build());
    }

    public static void empty(MinioClient minio, String bucket) throws Exception {
        for (Result<Item> r : minio.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            minio.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(r.get().objectName()).build());
        }
    }

    public static int count(MinioClient minio, String bucket) throws Exception {
        int n = 0;
        for (Result<Item> r : minio.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            r.get();
            n++;
        }
        return n;
    }

    /** Multipart uploads in the bucket neither completed nor aborted (any key). */
    public static int incompleteUploads(String bucket) throws Exception {
        String endpoint = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("imagepic.storage.endpoint",
                String.class);
        io.minio.MinioAsyncClient sdk = io.minio.MinioAsyncClient.builder().endpoint(endpoint)
                .credentials(S3ProxyResource.ACCESS_KEY, S3ProxyResource.SECRET_KEY).region("us-east-1").build();
        return sdk.listMultipartUploadsAsync(bucket, "us-east-1", null, null, null, 1000, null, null, null, null)
                .get(30, java.util.concurrent.TimeUnit.SECONDS).result().uploads().size();
    }
}

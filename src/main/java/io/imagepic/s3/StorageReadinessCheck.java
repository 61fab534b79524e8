package io.imagepic.s3;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.minio.MinioClient;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/** Ready only while the S3 server answers: a pod that cannot reach its storage gets no traffic. */
@Readiness
@ApplicationScoped
public class StorageReadinessCheck implements AsyncHealthCheck {

    private final MinioClient minio;
    private final S3Calls s3;
    private final S3Endpoint endpoint;

    StorageReadinessCheck(MinioClient minio, S3Calls s3, S3Endpoint endpoint) {
        this.minio = minio;
        this.s3 = s3;
        this.endpoint = endpoint;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return s3.call("readiness", minio::listBuckets)
                .map(buckets -> HealthCheckResponse.named("storage").up()
                        .withData("endpoint", endpoint.url()).withData("buckets", buckets.size()).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("storage").down()
                        .withData("endpoint", endpoint.url()).withData("error", String.valueOf(e.getMessage())).build());
    }
}

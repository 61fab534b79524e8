package io.imagepic.s3;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Ready only while the S3 server answers: a pod that cannot reach its storage gets no traffic. One signed
 * request through the data client, on the event loop: a start-up that only waits for readiness never loads
 * the MinIO SDK.
 */
@Readiness
@ApplicationScoped
public class StorageReadinessCheck implements AsyncHealthCheck {

    private final S3DataClient s3;
    private final S3Endpoint endpoint;
    private final StorageConfig config;

    StorageReadinessCheck(S3DataClient s3, S3Endpoint endpoint, StorageConfig config) {
        this.s3 = s3;
        this.endpoint = endpoint;
        this.config = config;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().completionStage(() -> s3.ping().toCompletionStage())
                .ifNoItem().after(config.timeout()).fail()
                .map(ok -> HealthCheckResponse.named("storage").up().withData("endpoint", endpoint.url()).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("storage").down()
                        .withData("endpoint", endpoint.url()).withData("error", String.valueOf(e.getMessage())).build());
    }
}

package io.imagepic.s3;

import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.minio.credentials.AwsEnvironmentProvider;
import io.minio.credentials.ChainedProvider;
import io.minio.credentials.Credentials;
import io.minio.credentials.IamAwsProvider;
import io.minio.credentials.Provider;
import io.minio.credentials.StaticProvider;
import io.vertx.core.Vertx;

/**
 * The keys the service signs with, for the data client (read on the event loop: never blocks) and the MinIO
 * SDK (its own provider). Static keys (with a session token for temporary credentials), or the AWS chain:
 * environment variables, web identity (IRSA in EKS: {@code AWS_WEB_IDENTITY_TOKEN_FILE} + {@code AWS_ROLE_ARN},
 * exchanged at STS), ECS container credentials, EC2 instance metadata. Temporary credentials are fetched on a
 * worker thread, at once and then every {@link #REFRESH}; the SDK's providers renew them before they expire.
 */
@Singleton
public class S3CredentialsSource {

    private static final Logger LOG = Logger.getLogger(S3CredentialsSource.class);
    static final Duration REFRESH = Duration.ofMinutes(1);

    private final Provider provider;
    private final Vertx vertx;
    private final long timer;
    private volatile S3Credentials current;

    @Inject
    S3CredentialsSource(StorageConfig config, Vertx vertx) {
        this(config.credentials() == StorageConfig.Credentials.AWS
                ? new ChainedProvider(new AwsEnvironmentProvider(), new IamAwsProvider(null, null))
                : null,
                new S3Credentials(config.accessKey(), config.secretKey(), config.sessionToken().orElse(null)),
                vertx, REFRESH);
    }

    /**
     * @param provider temporary credentials, fetched now and every {@code refresh}; null: the {@code fixed} ones
     *        (no SDK class is loaded for them until a MinIO client asks)
     */
    S3CredentialsSource(Provider provider, S3Credentials fixed, Vertx vertx, Duration refresh) {
        this.provider = provider;
        this.vertx = vertx;
        if (provider == null) {
            this.current = fixed;
            this.timer = -1;
        } else {
            refresh();
            this.timer = vertx.setPeriodic(refresh.toMillis(), id -> refresh());
        }
    }

    /** The credentials to sign with now; fails (503) while temporary ones were never fetched. */
    public S3Credentials current() {
        S3Credentials c = current;
        if (c == null) {
            throw new S3Exception(S3Exception.Code.UNAVAILABLE, S3Msg.UNAVAILABLE, "credentials",
                    "no S3 credentials fetched yet");
        }
        return c;
    }

    /** For the MinIO SDK clients (metadata and admin calls). */
    public Provider provider() {
        if (provider != null) {
            return provider;
        }
        S3Credentials c = current;
        return new StaticProvider(c.accessKey(), c.secretKey(), c.sessionToken());
    }

    /** Fetches on a worker thread (STS, instance metadata: network calls); keeps the last good ones on failure. */
    void refresh() {
        vertx.executeBlocking(() -> of(provider.fetch()), false).onComplete(ar -> {
            if (ar.succeeded()) {
                current = ar.result();
            } else {
                LOG.warnf("could not fetch S3 credentials (keeping the last ones): %s", ar.cause().toString());
            }
        });
    }

    private static S3Credentials of(Credentials c) {
        return new S3Credentials(c.accessKey(), c.secretKey(), c.sessionToken());
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}

package io.imagepic.s3;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the objects live: an S3-compatible server, or the embedded S3Proxy when no endpoint is given. */
@ConfigMapping(prefix = "imagepic.storage")
public interface StorageConfig {

    /** S3 endpoint the service talks to, e.g. {@code http://minio:9000}. Empty: start the embedded S3Proxy. */
    Optional<String> endpoint();

    /** Access key of the S3 server (and of the embedded one). */
    @WithDefault("imagepic-local")
    String accessKey();

    /** S3 secret key (from a Secret in Kubernetes); the default is the embedded S3Proxy's. */
    @WithDefault("imagepic-local-secret")
    String secretKey();

    /** Region the requests are signed for (SigV4); MinIO and S3Proxy accept us-east-1. */
    @WithDefault("us-east-1")
    String region();

    /**
     * Endpoint browsers can reach, used to sign presigned URLs. A URL signed for an in-cluster host
     * such as {@code http://minio:9000} is useless outside the cluster. Defaults to {@link #endpoint()}.
     */
    Optional<String> publicEndpoint();

    /**
     * Session token of temporary credentials (AWS STS, e.g. from an assumed role): sent, signed, as
     * {@code x-amz-security-token} with every request.
     */
    Optional<String> sessionToken();

    /**
     * Where the keys come from: {@code static} (access-key, secret-key, session-token above), or {@code aws}: the
     * AWS chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, then web identity as IRSA sets it
     * up in EKS: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN, then ECS container credentials, then EC2 instance
     * metadata), temporary credentials renewed before they expire.
     */
    @WithDefault("static")
    Credentials credentials();

    enum Credentials {
        STATIC,
        AWS
    }

    /**
     * Bound on every metadata call to the S3 server, and on connecting (or waiting for a pooled connection)
     * for data requests; past it the client gets a 503.
     */
    @WithDefault("5s")
    Duration timeout();

    /**
     * Data requests (uploads, images): one that moves no byte in either direction for this long fails, and
     * the client gets a 503. A slow transfer that keeps moving never times out. (Was imagepic.upload.s3-timeout.)
     */
    @WithDefault("30s")
    Duration idleTimeout();

    /**
     * Connections kept open to the S3 server for data requests: uploads and images share them. (Was
     * imagepic.serving.max-connections.)
     */
    @WithDefault("256")
    int maxConnections();

    /**
     * How request bodies are protected on their way to the S3 server: {@code crc32c} (an
     * x-amz-checksum-crc32c header, verified by S3, MinIO and S3Proxy 4), {@code md5} (Content-MD5, for
     * older servers; costs ~1.7 s of CPU per GiB) or {@code none}.
     */
    @WithDefault("crc32c")
    S3DataClient.Integrity integrity();

    Embedded embedded();

    interface Embedded {
        /**
         * The S3Proxy jar. Unset: {@code embedded/s3proxy.jar} beside {@code quarkus-run.jar} (the build puts it in
         * target/quarkus-app/embedded/, so a copied application brings it along), or target/s3proxy/s3proxy.jar of
         * the working directory when the service does not run from its jar (dev mode in the project).
         */
        Optional<Path> jar();

        /** Directory holding the buckets of the embedded server (relative: to the working directory). */
        @WithDefault("data/objects")
        Path dataDir();

        /** Port of the embedded server; 0 picks a free one. */
        @WithDefault("0")
        int port();
    }
}

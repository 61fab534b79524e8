package io.imagepic.s3;

import static io.imagepic.s3.S3DataClientTest.await;
import static io.imagepic.s3.S3DataClientTest.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.imagepic.support.S3Fixtures;
import io.imagepic.support.TestServers;
import io.minio.credentials.Credentials;
import io.minio.credentials.Provider;
import io.vertx.core.Vertx;

/**
 * Temporary credentials (the AWS chain, IRSA) change under a running service: the data client signs with
 * whatever the source fetched last, and never blocks the event loop to fetch. A provider stands in for STS
 * (S3Proxy has none); its keys are checked by a real S3Proxy.
 */
class S3CredentialsSourceTest {

    private static final String ACCESS = TestServers.S3.ACCESS_KEY;
    private static final String SECRET = TestServers.S3.SECRET_KEY;

    static TestServers.S3 s3;
    static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        s3 = TestServers.s3(); // the JVM's one S3Proxy
        S3Fixtures.bucket(s3.client(), "rotation");
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theClientSignsWithTheCredentialsFetchedLast() throws Exception {
        AtomicReference<Credentials> issued = new AtomicReference<>(new Credentials(ACCESS, "expired-secret", null, null));
        Provider sts = issued::get;
        S3CredentialsSource source = new S3CredentialsSource(sts, null, vertx, Duration.ofMillis(100));
        S3DataClient client = new S3DataClient(vertx, new S3DataClient.Options(s3.endpoint(), "us-east-1", source::current,
                Duration.ofSeconds(5), Duration.ofSeconds(10), 4, S3DataClient.Integrity.CRC32C));
        try {
            Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> source.current().secretKey().equals("expired-secret"));
            assertEquals(S3Exception.Code.ACCESS_DENIED, failure(client.ping()).code());

            issued.set(new Credentials(ACCESS, SECRET, null, null)); // renewed
            Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> tryPing(client));
        } finally {
            client.close();
            source.stop();
        }
    }

    @Test
    void beforeTheFirstFetchRequestsAreUnavailableNotBlocked() {
        Provider failing = () -> {
            throw new IllegalStateException("STS unreachable");
        };
        S3CredentialsSource source = new S3CredentialsSource(failing, null, vertx, Duration.ofHours(1));
        S3DataClient client = new S3DataClient(vertx, new S3DataClient.Options(s3.endpoint(), "us-east-1", source::current,
                Duration.ofSeconds(5), Duration.ofSeconds(10), 4, S3DataClient.Integrity.CRC32C));
        try {
            S3Exception e = failure(client.ping());
            assertEquals(S3Exception.Code.UNAVAILABLE, e.code());
            assertEquals(503, e.status());
        } finally {
            client.close();
            source.stop();
        }
    }

    private static boolean tryPing(S3DataClient client) {
        try {
            await(client.ping());
            return true;
        } catch (Exception refused) {
            return false;
        }
    }
}

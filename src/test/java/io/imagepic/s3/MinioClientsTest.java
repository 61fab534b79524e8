package io.imagepic.s3;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.StatObjectArgs;
import io.minio.credentials.StaticProvider;
import io.minio.http.Method;

/** The presigner has no TLS machinery (cleartext-only client), yet signs URLs for an https endpoint offline. */
class MinioClientsTest {

    @Test
    void signsForAnHttpsEndpointWithoutTls() throws Exception {
        var signer = MinioClients.signer("https://images.example.com", "us-east-1",
                new StaticProvider("access", "secret-key", null));
        String url = signer.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(Method.GET).bucket("pics").object("a/b.png").expiry(600).build());
        assertTrue(url.startsWith("https://images.example.com/pics/a/b.png?"), url);
        assertTrue(url.contains("X-Amz-Signature="), url);
        assertTrue(url.contains("X-Amz-Credential=access%2F"), url);
    }

    @Test
    void aCallThroughItToAnHttpsEndpointFailsInsteadOfSkippingTls() {
        // 127.0.0.1:9 is never reached: the cleartext-only client refuses an https URL before connecting
        var signer = MinioClients.signer("https://127.0.0.1:9", "us-east-1",
                new StaticProvider("access", "secret-key", null));
        assertThrows(IOException.class,
                () -> signer.statObject(StatObjectArgs.builder().bucket("pics").object("a.png").build()));
    }

    @Test
    void onlyPlainHttpIsCleartext() {
        assertTrue(MinioClients.isCleartext("http://127.0.0.1:9000"));
        assertTrue(MinioClients.isCleartext("HTTP://minio:9000"));
        assertFalse(MinioClients.isCleartext("https://s3.example.com"));
    }
}

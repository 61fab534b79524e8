package io.imagepic.s3;

import java.util.Objects;

/**
 * Keys the S3 server knows us by. {@code sessionToken} is set for temporary credentials (STS, IRSA web
 * identity): it travels in {@code x-amz-security-token} and is part of what is signed.
 */
public record S3Credentials(String accessKey, String secretKey, String sessionToken) {

    public S3Credentials {
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        if (sessionToken != null && sessionToken.isBlank()) {
            sessionToken = null;
        }
    }

    public static S3Credentials of(String accessKey, String secretKey) {
        return new S3Credentials(accessKey, secretKey, null);
    }

    /** Never prints the secret or the token: credentials end up in logs through records' toString. */
    @Override
    public String toString() {
        return "S3Credentials[accessKey=" + accessKey + ", sessionToken=" + (sessionToken == null ? "none" : "set") + "]";
    }
}

package io.imagepic.serving;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of signedUrl: expiry in seconds (default imagepic.serving.signed-links.default-expiry); transform, the
 * transform parameters as a query string ({@code w=256&fm=webp}), signed with the link.
 */
public record SignedUrlRequest(@NotBlank String bucketName, @NotBlank @Size(max = 1024) String objectName, Integer expiry,
        @Size(max = 512) String transform) {
}

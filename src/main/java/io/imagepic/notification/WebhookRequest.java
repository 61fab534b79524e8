package io.imagepic.notification;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of POST /imagepic/notification/webhooks. Without a secret the service generates one; it is only
 * ever shown in this call's answer.
 */
@RegisterForReflection // read by Jackson (native image)
public record WebhookRequest(@NotBlank @Size(max = 2048) String url, @Size(min = 16, max = 256) String secret,
        String bucket, @Size(max = 1024) String prefix, @Size(max = 1024) String suffix, List<String> events) {
}

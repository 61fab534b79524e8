package io.imagepic.token;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.imagepic.access.Scope;
import io.imagepic.web.BucketNames;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code POST /imagepic/auth/tokens}. {@code buckets} absent: every bucket; {@code expiresAt}
 * absent: the token lives until revoked.
 */
@RegisterForReflection
public record TokenForm(
        @NotNull @Pattern(regexp = NAME, message = "{imagepic.token-name}") String name,
        @NotEmpty Set<@NotNull Scope> scopes,
        @Size(min = 1, max = 100) List<@NotNull @Pattern(regexp = BucketNames.PATTERN, message = "{imagepic.bucket-names}") String> buckets,
        @Future Instant expiresAt) {

    public static final String NAME = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";
}

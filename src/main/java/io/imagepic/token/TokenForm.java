package io.imagepic.token;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.imagepic.access.Scope;
import io.imagepic.web.BucketNames;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code POST /imagepic/auth/tokens}. {@code buckets} absent: every bucket; {@code expiresAt}
 * absent: {@code imagepic.tokens.max-lifetime} from now (later: 400); {@code maxConcurrentUploads} absent:
 * {@code imagepic.tokens.max-concurrent-uploads}.
 */
@RegisterForReflection
public record TokenForm(
        @NotNull @Pattern(regexp = NAME, message = "{imagepic.token-name}") String name,
        @NotEmpty Set<@NotNull Scope> scopes,
        @Size(min = 1, max = 100) List<@NotNull @Pattern(regexp = BucketNames.PATTERN, message = "{imagepic.bucket-names}") String> buckets,
        @Future Instant expiresAt,
        @Min(1) @Max(MAX_CONCURRENT_UPLOADS) Integer maxConcurrentUploads) {

    public static final String NAME = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";
    /** The most a token may be given: beyond it, the memory budget refuses long before. */
    public static final int MAX_CONCURRENT_UPLOADS = 10_000;

    public TokenForm(String name, Set<Scope> scopes, List<String> buckets, Instant expiresAt) {
        this(name, scopes, buckets, expiresAt, null);
    }
}

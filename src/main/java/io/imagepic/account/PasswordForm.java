package io.imagepic.account;

import jakarta.validation.constraints.Pattern;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code POST /imagepic/auth/users/{phone}/password} (optional): {@code npwd} sets this password;
 * without it the service generates a temporary one.
 */
@RegisterForReflection
public record PasswordForm(
        @Pattern(regexp = "^[a-zA-Z0-9_!@#$%^&*]{6,20}$", message = "must be 6-20 characters: letters, digits or _!@#$%^&*") String npwd) {
}

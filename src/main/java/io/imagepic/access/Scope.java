package io.imagepic.access;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What a service token may do. Users hold every scope but {@code admin}, which admins hold too. */
@RegisterForReflection
public enum Scope {
    UPLOAD,
    REMOVE,
    READ,
    ADMIN;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Scope of(String id) {
        for (Scope s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scope: " + id);
    }
}

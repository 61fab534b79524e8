package io.imagepic.access;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A member's role on a bucket: read, write (includes read) or manage (includes write). */
@RegisterForReflection
public enum Role {
    READ(Action.READ),
    WRITE(Action.WRITE),
    MANAGE(Action.MANAGE);

    private final Action upTo;

    Role(Action upTo) {
        this.upTo = upTo;
    }

    public boolean allows(Action action) {
        return action.compareTo(upTo) <= 0;
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Null for an unknown name, so callers answer 400 naming the accepted values. */
    @JsonCreator
    public static Role of(String id) {
        for (Role r : values()) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        return null;
    }
}

package io.imagepic.account;

import java.time.Instant;

import io.imagepic.state.Invite;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An invite as listed: everything but its code. */
@RegisterForReflection
public record InviteView(String id, String note, String createdBy, Instant createdAt, Instant expiresAt) {

    static InviteView of(Invite i) {
        return new InviteView(i.id(), i.note(), i.createdBy(), i.createdAt(), i.expiresAt());
    }

    /**
     * The answer to a creation, the only time the code is shown: {@code link} is the console's registration
     * page with the code, relative to the console's origin.
     */
    @RegisterForReflection
    public record Created(String code, String link, String id, String note, String createdBy, Instant createdAt,
            Instant expiresAt) {
    }
}

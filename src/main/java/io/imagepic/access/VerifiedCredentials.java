package io.imagepic.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.state.StateChange;
import io.imagepic.state.StateChanges;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.vertx.ext.web.RoutingContext;

/**
 * Credentials already verified, so a token seen before costs neither a signature check nor a store look-up on the
 * next request: the SHA-256 of the credential (a JWT or a service token, never kept itself) to the identity it was
 * found to be, until the token expires. Bounded (least recently used first out). Kept right by the change feed: a
 * change of the account ({@link StateChange.AccountChanged}: password, credential version, admin right, disabled) or
 * of the service token ({@link StateChange.TokenChanged}) drops its entries on every replica within milliseconds, a
 * gap drops them all, and while the feed is not live nothing new is kept. A verification that raced with a drop is
 * answered but not kept.
 */
@ApplicationScoped
public class VerifiedCredentials {

    static final int CAPACITY = 10_000;

    /** What a credential was found to be, and whose: a person's user id or a service token's id. */
    private record Verified(SecurityIdentity identity, String userId, String tokenId, Instant expiresAt) {
    }

    /** A credential being checked: its hash, and the drops it must not have missed to be kept. */
    public record Ticket(String key, long generation) {
    }

    private final StateChanges changes;
    private final Clock clock;
    private final Map<String, Verified> entries = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
            return size() > CAPACITY;
        }
    };
    private long generation;

    VerifiedCredentials(StateChanges changes, Clock clock) {
        this.changes = changes;
        this.clock = clock;
        changes.subscribe(change -> {
            if (change instanceof StateChange.AccountChanged a) {
                drop(v -> a.userId() == null || a.userId().equals(v.userId()));
            } else if (change instanceof StateChange.TokenChanged t) {
                drop(v -> t.tokenId().equals(v.tokenId()));
            } else if (change instanceof StateChange.Gap) {
                drop(v -> true);
            }
        });
    }

    /** Starts checking a credential: take the ticket before anything is read. */
    public Ticket ticket(String credential) {
        String key = hash(credential);
        synchronized (this) {
            return new Ticket(key, generation);
        }
    }

    /** The identity the credential was verified as, if still known and unexpired. */
    public Optional<SecurityIdentity> find(Ticket ticket) {
        synchronized (this) {
            Verified v = entries.get(ticket.key());
            if (v == null) {
                return Optional.empty();
            }
            if (!clock.instant().isBefore(v.expiresAt())) {
                entries.remove(ticket.key());
                return Optional.empty();
            }
            return Optional.of(v.identity());
        }
    }

    /**
     * Keeps a verified identity (person: its user id; service token: the token's id) until expiresAt (null: until it
     * is evicted or dropped).
     */
    public void remember(Ticket ticket, SecurityIdentity identity, String userId, String tokenId, Instant expiresAt) {
        SecurityIdentity kept = withoutRequest(identity);
        synchronized (this) {
            if (ticket.generation() == generation && changes.live()) {
                entries.put(ticket.key(), new Verified(kept, userId, tokenId, expiresAt == null ? Instant.MAX : expiresAt));
            }
        }
    }

    synchronized int size() {
        return entries.size();
    }

    private synchronized void drop(Predicate<Verified> which) {
        generation++;
        entries.values().removeIf(which);
    }

    /** The identity without what belongs to the request that verified it (its routing context). */
    private static SecurityIdentity withoutRequest(SecurityIdentity identity) {
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder().setPrincipal(identity.getPrincipal())
                .addRoles(identity.getRoles()).addCredentials(identity.getCredentials())
                .setAnonymous(identity.isAnonymous());
        identity.getAttributes().forEach((k, v) -> {
            if (!(v instanceof RoutingContext)) {
                b.addAttribute(k, v);
            }
        });
        return b.build();
    }

    private static String hash(String credential) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

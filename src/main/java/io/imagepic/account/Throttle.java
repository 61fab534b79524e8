package io.imagepic.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.imagepic.state.Attempts;
import io.imagepic.state.LimitStore;
import io.quarkus.scheduler.Scheduled;

/**
 * Growing delays for attempts that cost us (bcrypt) or that guess (passwords, invites), counted per key (a phone,
 * a client address) in the state store ({@link LimitStore}), so every replica counts the same attempts:
 * each attempt is a compare-and-set of the key's record, and one made while the key is held back is refused
 * without touching the record. An attempt is counted BEFORE the work it pays for, so a burst of parallel
 * attempts cannot slip through before the first failure is recorded; a success gives its attempt back
 * ({@link #refund}) or forgets the key ({@link #reset}).
 */
@ApplicationScoped
public class Throttle {

    private static final Logger LOG = Logger.getLogger(Throttle.class);

    /**
     * After {@code free} attempts within {@code window} of each other, each further attempt holds the key back
     * for {@code delay}, doubled per attempt, at most {@code maxDelay}.
     */
    public record Policy(String name, int free, Duration window, Duration delay, Duration maxDelay) {

        /** How long the key is held back after its count-th attempt (zero below the free ones). */
        Duration delayAfter(int count) {
            if (count < free) {
                return Duration.ZERO;
            }
            int doublings = Math.min(count - free, 30);
            Duration d = delay.multipliedBy(1L << doublings);
            return d.compareTo(maxDelay) > 0 ? maxDelay : d;
        }
    }

    /** An attempt that was counted: give it back with {@link #refund} if it succeeded. */
    public record Ticket(Policy policy, String key, Optional<Attempts> before, Attempts after) {
    }

    /** Refused: held back for this long. */
    public static final class HeldBack extends Exception {
        private final Duration retryAfter;

        HeldBack(Duration retryAfter) {
            super(null, null, false, false);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    private final LimitStore store;
    private final Clock clock;

    Throttle(LimitStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Counts an attempt for key, or refuses it while the key is held back. */
    public Ticket take(Policy policy, String key) throws HeldBack {
        Instant now = clock.instant();
        Duration[] held = new Duration[1];
        Object[] seen = new Object[2];
        store.update(id(policy, key), current -> {
            Attempts a = current.filter(x -> !x.forgottenAt(now)).orElse(null);
            if (a != null && a.heldAt(now)) {
                held[0] = Duration.between(now, a.until());
                return current;
            }
            held[0] = null;
            int count = (a == null ? 0 : a.count()) + 1;
            Duration delay = policy.delayAfter(count);
            Instant until = delay.isZero() ? null : now.plus(delay);
            Instant forgetAt = now.plus(policy.window()).plus(delay);
            Attempts next = new Attempts(count, now, until, forgetAt);
            seen[0] = current;
            seen[1] = next;
            return Optional.of(next);
        });
        if (held[0] != null) {
            throw new HeldBack(held[0]);
        }
        @SuppressWarnings("unchecked")
        Optional<Attempts> before = (Optional<Attempts>) seen[0];
        Attempts after = (Attempts) seen[1];
        if (after.until() != null && after.count() == policy.free()) {
            LOG.infof("%s: %s reached %d attempts, held back from now on", policy.name(), key, after.count());
        }
        return new Ticket(policy, key, before, after);
    }

    /**
     * Gives back an attempt that succeeded: the record as before it, unless other attempts came meanwhile (then
     * just one fewer, keeping their delay).
     */
    public void refund(Ticket ticket) {
        store.update(id(ticket.policy(), ticket.key()), current -> {
            if (current.isEmpty()) {
                return current;
            }
            Attempts a = current.get();
            if (a.equals(ticket.after())) {
                return ticket.before();
            }
            return Optional.of(new Attempts(Math.max(0, a.count() - 1), a.last(), a.until(), a.forgetAt()));
        });
    }

    /** Forgets the key's attempts (a successful login forgets the phone's failures). */
    public void reset(Policy policy, String key) {
        store.update(id(policy, key), current -> Optional.empty());
    }

    /** Drops forgotten records. Every replica may run it: a record changed meanwhile is tested again. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        LOG.debugf("limits: %d forgotten records dropped", store.sweep(clock.instant()));
    }

    private static String id(Policy policy, String key) {
        return policy.name() + ":" + key;
    }
}

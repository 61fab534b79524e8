package io.imagepic.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.smallrye.mutiny.Uni;

/**
 * The webhook delivery queue, shared by every replica, and each target's counters. A target's deliveries go out in
 * order, one at a time: only a target's head (oldest delivery) can be claimed, and only when due and not held.
 *
 * <p>
 * A claim is a lease of {@code lease} on the store's one clock (postgres: the database's): its holder renews it
 * while the POST runs, and once it ran out any owner may claim the delivery again (the holder died or stalled).
 * Completion, retry, renewal and release are fenced: they succeed only for the current holder within its lease, and
 * otherwise fail with {@link ClaimLostException} and change nothing. So a delivery taken over is never brought
 * back by its stalled first owner, and one completed is never claimed again: at least once, and exactly once unless
 * an owner stalls past its lease mid-POST.
 *
 * <p>
 * Every method is non-blocking: the {@link Uni} completes once the change is durable (files: fsynced; postgres:
 * committed), e.g. {@link #enqueue} before an upload is answered.
 */
public interface DeliveryQueue {

    /**
     * A held delivery: the lease of {@code owner} until {@code leaseUntil} (the store's clock). {@code token} names
     * this one claim (renewals keep it): an owner that claims the same delivery again after its lease ran out holds a
     * new token, and the old claim's calls fail.
     */
    record Claim(Delivery delivery, String owner, long token, Instant leaseUntil) {
    }

    /** Queue bounds: deliveries kept per target, and for all targets together. */
    record Limits(int perTarget, int total) {
    }

    /**
     * Queues the deliveries (each with its target and event), durably. A delivery past the limits is not queued: it is
     * counted as dropped on its target. Answers, in order, whether each was queued.
     */
    Uni<List<Boolean>> enqueue(List<Delivery> deliveries, Limits limits);

    /** Claims up to max due target heads that nobody holds, each for lease. */
    Uni<List<Claim>> claim(String owner, Duration lease, int max);

    /** A full lease from now. {@link ClaimLostException} when no longer held. */
    Uni<Claim> renew(Claim claim, Duration lease);

    /** Delivered (or given up, {@code delivered} false): removes it and counts it. Fenced. */
    Uni<Void> complete(Claim claim, boolean delivered);

    /** Failed, to be tried again at next: released with its attempt counted. Fenced. */
    Uni<Void> retry(Claim claim, Instant next);

    /** Gives it back unchanged (shutting down). Fenced. */
    Uni<Void> release(Claim claim);

    /** Deliveries pending per target (targets with none are left out). */
    Uni<Map<String, Integer>> pending();

    /** The counters of a target (zeros when it has none). */
    Uni<DeliveryStats> stats(String targetId);
}

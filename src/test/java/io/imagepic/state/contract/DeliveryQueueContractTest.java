package io.imagepic.state.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.imagepic.state.Backends;
import io.imagepic.state.ClaimLostException;
import io.imagepic.state.Delivery;
import io.imagepic.state.DeliveryQueue;
import io.imagepic.state.DeliveryQueue.Claim;
import io.imagepic.state.DeliveryStats;
import io.imagepic.state.StateEngine;
import io.imagepic.state.WebhookTarget;
import io.smallrye.mutiny.Uni;

/**
 * {@link DeliveryQueue} and {@link io.imagepic.state.WebhookTargetStore} on both backends: limits, one delivery per
 * target at a time in order, leases, fencing (a delivery taken over from a stalled owner is delivered once and never
 * comes back), counters, and removal with the target. On postgres the two owners are two replicas.
 */
class DeliveryQueueContractTest extends Contract {

    static final DeliveryQueue.Limits ROOMY = new DeliveryQueue.Limits(100, 1000);
    static final Duration SHORT = Duration.ofMillis(300);
    static final Duration LONG = Duration.ofSeconds(60);

    static WebhookTarget target(String id) {
        return new WebhookTarget(id, "http://127.0.0.1:9/h", "secret", null, null, null, List.of(), Instant.now(), "admin",
                false);
    }

    static Delivery delivery(String target, String event) {
        return Delivery.of(target, event, "s3:ObjectCreated:Put", "{\"id\":\"" + event + "\"}", Instant.now());
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void aTargetsDeliveriesGoOutOneAtATimeInOrder(Backends backend) {
        StateEngine state = open(backend).engine;
        DeliveryQueue queue = state.deliveries();
        state.webhookTargets().create(target("t1"));
        state.webhookTargets().create(target("t2"));
        for (String e : List.of("e1", "e2", "e3")) {
            assertEquals(List.of(true), get(queue.enqueue(List.of(delivery("t1", e)), ROOMY)));
        }
        get(queue.enqueue(List.of(delivery("t2", "f1")), ROOMY));
        assertEquals(Map.of("t1", 3, "t2", 1), get(queue.pending()));

        List<Claim> first = get(queue.claim("a", LONG, 10));
        assertEquals(2, first.size(), "one head per target");
        Claim e1 = first.stream().filter(c -> c.delivery().targetId().equals("t1")).findFirst().orElseThrow();
        assertEquals("e1", e1.delivery().eventId());
        assertEquals(List.of(), get(queue.claim("b", LONG, 10)), "heads held: nothing else is due");

        get(queue.complete(e1, true));
        Claim e2 = get(queue.claim("b", LONG, 10)).get(0);
        assertEquals("e2", e2.delivery().eventId(), "in order");
        get(queue.retry(e2, Instant.now().plusSeconds(3600)));
        assertEquals(List.of(), get(queue.claim("b", LONG, 10)), "a retry waits for its time, and holds back the rest");
        assertEquals(new DeliveryStats(1, 0, 0), get(queue.stats("t1")));
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void pastItsLimitsAnEventIsDroppedAndCounted(Backends backend) {
        StateEngine state = open(backend).engine;
        DeliveryQueue queue = state.deliveries();
        state.webhookTargets().create(target("t1"));
        state.webhookTargets().create(target("t2"));
        DeliveryQueue.Limits tight = new DeliveryQueue.Limits(2, 3);
        assertEquals(List.of(true, true), get(queue.enqueue(List.of(delivery("t1", "a"), delivery("t2", "b")), tight)));
        assertEquals(List.of(true), get(queue.enqueue(List.of(delivery("t1", "c")), tight)));
        assertEquals(List.of(false), get(queue.enqueue(List.of(delivery("t1", "d")), tight)), "per target");
        assertEquals(List.of(false), get(queue.enqueue(List.of(delivery("t2", "e")), tight)), "in all");
        assertEquals(new DeliveryStats(0, 0, 1), get(queue.stats("t1")));
        assertEquals(new DeliveryStats(0, 0, 1), get(queue.stats("t2")));
    }

    /**
     * The resurrection case: owner one stalls mid-POST past its lease, owner two takes the delivery over and delivers
     * it; whatever one then reports changes nothing, and the delivery never comes back.
     */
    @ParameterizedTest
    @EnumSource(Backends.class)
    void aDeliveryTakenOverFromAStalledOwnerIsDeliveredOnceAndNeverComesBack(Backends backend) {
        Backends.Opened store = open(backend);
        DeliveryQueue one = store.engine.deliveries();
        DeliveryQueue two = backend == Backends.POSTGRES ? store.another("replica-2").deliveries() : one;
        store.engine.webhookTargets().create(target("t1"));
        get(one.enqueue(List.of(delivery("t1", "e1")), ROOMY));

        Claim stalled = get(one.claim("one", SHORT, 10)).get(0);
        Claim taken = await().atMost(Duration.ofSeconds(10)).until(() -> get(two.claim("two", LONG, 10)), l -> !l.isEmpty())
                .get(0);
        assertEquals(stalled.delivery().id(), taken.delivery().id());
        get(two.complete(taken, true));

        assertLost(one.retry(stalled, Instant.now())); // the first owner's POST failed after all: too late
        assertLost(one.complete(stalled, true));
        assertLost(one.renew(stalled, LONG));
        assertLost(one.release(stalled));
        assertEquals(List.of(), get(one.claim("one", LONG, 10)), "it never comes back");
        assertEquals(Map.of(), get(one.pending()));
        assertEquals(new DeliveryStats(1, 0, 0), get(one.stats("t1")), "delivered once");
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void aRenewedLeaseHoldsAndAnOwnerReclaimingGetsANewToken(Backends backend) {
        StateEngine state = open(backend).engine;
        DeliveryQueue queue = state.deliveries();
        state.webhookTargets().create(target("t1"));
        get(queue.enqueue(List.of(delivery("t1", "e1")), ROOMY));
        Claim held = get(queue.renew(get(queue.claim("a", SHORT, 10)).get(0), LONG));
        // renewed: past the first lease nobody takes it
        await().during(SHORT.multipliedBy(2)).atMost(Duration.ofSeconds(5)).until(() -> get(queue.claim("b", LONG, 10)),
                List::isEmpty);
        get(queue.release(held));

        Claim again = get(queue.claim("a", SHORT, 10)).get(0);
        Claim later = await().atMost(Duration.ofSeconds(10)).until(() -> get(queue.claim("a", LONG, 10)), l -> !l.isEmpty())
                .get(0);
        assertTrue(again.token() != later.token());
        assertLost(queue.complete(again, true)); // the same owner's earlier claim is not this one
        get(queue.complete(later, false));
        assertEquals(new DeliveryStats(0, 1, 0), get(queue.stats("t1")));
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void aRemovedTargetTakesItsDeliveriesAndCountersWithIt(Backends backend) {
        StateEngine state = open(backend).engine;
        DeliveryQueue queue = state.deliveries();
        state.webhookTargets().create(target("t1"));
        state.webhookTargets().create(target("t2"));
        for (int i = 0; i < 5; i++) {
            get(queue.enqueue(List.of(delivery("t1", "a" + i), delivery("t2", "b" + i)), ROOMY));
        }
        Claim held = get(queue.claim("a", LONG, 10)).stream().filter(c -> c.delivery().targetId().equals("t1"))
                .findFirst().orElseThrow();
        assertTrue(state.webhookTargets().remove("t1"));
        assertTrue(state.webhookTargets().find("t1").isEmpty());
        assertEquals(Map.of("t2", 5), get(queue.pending()));
        assertEquals(DeliveryStats.NONE, get(queue.stats("t1")));
        assertLost(queue.complete(held, true));
    }

    private static void assertLost(Uni<?> call) {
        assertThrows(ClaimLostException.class, () -> {
            try {
                call.await().atMost(Duration.ofSeconds(20));
            } catch (CompletionException e) {
                throw e.getCause();
            }
        });
    }

    private static <T> T get(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(20));
    }
}

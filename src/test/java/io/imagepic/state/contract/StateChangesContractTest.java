package io.imagepic.state.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.imagepic.state.Backends;
import io.imagepic.state.StateChange;
import io.imagepic.state.StateChanges;
import io.imagepic.support.PostgresServer;

/**
 * {@link StateChanges} on both backends: this replica's notices reach its subscribers at once and once; on postgres
 * the others' within a second, and a lost listening connection gives a gap, then notices flow again.
 */
class StateChangesContractTest extends Contract {

    @ParameterizedTest
    @EnumSource(Backends.class)
    void aNoticeReachesThisReplicasSubscribersAtOnceAndOnce(Backends backend) {
        StateChanges changes = open(backend).engine.changes();
        List<StateChange> heard = new CopyOnWriteArrayList<>();
        changes.subscribe(heard::add);
        StateChange c = new StateChange.ObjectChanged("shop", "a.png", "etag-1");
        changes.publish(c);
        assertEquals(List.of(c), heard, "delivered before publish returned");
        changes.publishAll(List.of(new StateChange.LiveEvent("shop", "{}"), new StateChange.BucketRemoved("shop")));
        assertEquals(3, heard.size());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> heard.size() == 3); // no echo
    }

    @Test
    void anotherReplicasNoticesArriveInOrderWithinASecond() {
        Backends.Opened store = open(Backends.POSTGRES);
        List<StateChange> heard = new CopyOnWriteArrayList<>();
        store.another("replica-2").changes().subscribe(heard::add);
        List<StateChange> sent = List.of(new StateChange.ObjectChanged("shop", "a.png", "e1"),
                new StateChange.ObjectChanged("shop", "a.png", null), new StateChange.LiveEvent("shop", "{\"k\":1}"));
        sent.forEach(store.engine.changes()::publish);
        await().atMost(Duration.ofSeconds(1)).until(() -> heard.size() == 3);
        assertEquals(sent, heard);
    }

    /** pg_terminate_backend of the listening connection: a gap at once, then the feed listens again and notices flow. */
    @Test
    void aLostListenerGivesAGapAndNoticesFlowAgain() {
        Backends.Opened store = open(Backends.POSTGRES);
        StateChanges two = store.another("replica-2").changes();
        List<StateChange> heard = new CopyOnWriteArrayList<>();
        two.subscribe(heard::add);
        StateChange before = new StateChange.TokenChanged("before");
        store.engine.changes().publish(before);
        await().atMost(Duration.ofSeconds(1)).until(() -> heard.contains(before));

        PostgresServer.get().execute(store.database, "select pg_terminate_backend(pid) from pg_stat_activity "
                + "where datname = '" + store.database + "' and query like 'LISTEN%'");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> heard.stream().filter(c -> c instanceof StateChange.Gap).count() >= 2);
        StateChange after = new StateChange.TokenChanged("after");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            store.engine.changes().publish(after);
            assertTrue(heard.contains(after));
        });
    }
}

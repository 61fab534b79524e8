package io.imagepic.notification;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.access.Access;
import io.imagepic.access.Caller;
import io.imagepic.lifecycle.ShutdownGate;
import io.imagepic.support.TestClock;
import io.imagepic.web.ApiError;
import io.quarkus.test.component.QuarkusComponentTest;
import io.quarkus.test.component.TestConfigProperty;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/**
 * The hub between publishers and each listener's stream, without HTTP: READY first, then the listener's events
 * in order; an overflow for a listener that stops reading; REVOKED once its credential expires on a clock the
 * test moves, or stops being valid. (The peers' bus is the test's stand-in; nothing is sent.)
 */
@QuarkusComponentTest({ Access.class, ShutdownGate.class, LiveEventsTest.Time.class })
@TestConfigProperty(key = "imagepic.state.dir", value = "target/live-events-test")
@TestConfigProperty(key = "imagepic.notification.subscriber-buffer", value = "4")
@TestConfigProperty(key = "imagepic.notification.max-subscribers-per-caller", value = "2")
@TestConfigProperty(key = "imagepic.notification.reauthenticate-every", value = "20ms")
class LiveEventsTest {

    static final Caller ADMIN = Caller.person("admin-id", "13900000000", true);
    static final TestClock CLOCK = TestClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    static final Duration WAIT = Duration.ofSeconds(30); // generous: only a failing test waits this long
    static final Supplier<Uni<Optional<Caller>>> VALID = () -> Uni.createFrom().item(Optional.of(ADMIN));

    @Singleton
    static class Time {
        @Produces
        @Singleton
        Clock clock() {
            return CLOCK;
        }

        @Produces
        @Singleton
        ObjectMapper json() {
            return new ObjectMapper().findAndRegisterModules();
        }
    }

    @Inject
    LiveEvents live;

    @AfterEach
    void everyStreamReleased() {
        await("listeners released").atMost(WAIT).until(() -> live.listeners() == 0);
    }

    @Test
    void readyFirstThenTheListenersEventsInOrder() {
        AssertSubscriber<LiveSignal> s = listen(EventFilter.of("shop", "img/", null, null), VALID, Optional.empty(),
                Long.MAX_VALUE);
        s.awaitItems(1, WAIT);
        assertEquals(LiveSignal.Kind.READY, s.getItems().get(0).kind());
        publish(StorageEvent.objectCreated("blog", "img/a.png", 1, "e", "image/png", ADMIN)); // another bucket
        publish(StorageEvent.objectCreated("shop", "img/1.png", 1, "e", "image/png", ADMIN));
        publish(StorageEvent.objectCreated("shop", "doc/x.png", 1, "e", "image/png", ADMIN)); // another prefix
        publish(StorageEvent.bucketCreated("shop", ADMIN)); // no key: a prefix filter leaves it out
        publish(StorageEvent.objectRemoved("shop", "img/1.png", ADMIN));
        publish(StorageEvent.objectCreated("shop", "img/2.png", 1, "e", "image/png", ADMIN));

        s.awaitItems(4, WAIT);
        assertEquals(4, s.getItems().size(), "nothing else: " + s.getItems());
        assertEquals(List.of("img/1.png", "img/1.png", "img/2.png"),
                s.getItems().subList(1, 4).stream().map(i -> i.event().key()).toList());
        assertEquals(List.of(StorageEvent.OBJECT_CREATED_PUT, StorageEvent.OBJECT_REMOVED_DELETE,
                StorageEvent.OBJECT_CREATED_PUT), s.getItems().subList(1, 4).stream().map(i -> i.event().type()).toList());
        assertEquals(1, live.listeners());
        s.cancel();
    }

    @Test
    void aListenerThatStopsReadingGetsAnOverflowAndIsReleased() {
        long before = live.overflows();
        AssertSubscriber<LiveSignal> stalled = listen(EventFilter.ALL, VALID, Optional.empty(), 1);
        AssertSubscriber<LiveSignal> healthy = listen(EventFilter.ALL, VALID, Optional.empty(), Long.MAX_VALUE);
        stalled.awaitItems(1, WAIT);
        healthy.awaitItems(1, WAIT);
        int events = 0;
        while (live.overflows() == before && events < 10_000) {
            publish(StorageEvent.objectCreated("shop", events + ".png", 1, "e", "image/png", ADMIN));
            events++;
        }
        assertTrue(live.overflows() > before, "no overflow after " + events + " events");
        // the setting means what it says: its buffer of 4, plus the few items in flight between the stream's stages
        // (7 in all today; a stage that prefetched a batch in front of the buffer made it 133)
        assertTrue(events <= 4 + 8, "overflowed only after " + events + " events, with subscriber-buffer 4");
        healthy.awaitItems(1 + events, WAIT);

        stalled.request(Long.MAX_VALUE).awaitCompletion(WAIT);
        List<LiveSignal> got = stalled.getItems();
        assertEquals(LiveSignal.Kind.OVERFLOW, got.get(got.size() - 1).kind(), "the last item: " + got);
        for (int i = 1; i < got.size() - 1; i++) {
            assertEquals((i - 1) + ".png", got.get(i).event().key(), "what it got before is in order");
        }
        assertEquals(before + 1, live.overflows());
        assertTrue(healthy.getItems().stream().noneMatch(i -> i.kind() == LiveSignal.Kind.OVERFLOW),
                "the other listener carries on");
        healthy.cancel();
    }

    @Test
    void aListenerIsRevokedWhenItsCredentialExpiresOnTheClock() {
        AtomicInteger checks = new AtomicInteger();
        Supplier<Uni<Optional<Caller>>> counted = () -> {
            checks.incrementAndGet();
            return Uni.createFrom().item(Optional.of(ADMIN));
        };
        AssertSubscriber<LiveSignal> s = listen(EventFilter.ALL, counted, Optional.of(CLOCK.instant().plusSeconds(3600)),
                Long.MAX_VALUE);
        s.awaitItems(1, WAIT);
        await("checked while still valid").atMost(WAIT).until(() -> checks.get() >= 3);
        assertEquals(1, s.getItems().size(), "still valid: nothing but READY");

        CLOCK.advance(Duration.ofHours(1)); // the expiry instant: no longer valid
        s.awaitCompletion(WAIT);
        assertEquals(List.of(LiveSignal.Kind.READY, LiveSignal.Kind.REVOKED),
                s.getItems().stream().map(LiveSignal::kind).toList());
    }

    @Test
    void aListenerIsRevokedWhenItsCredentialStopsBeingValid() {
        AtomicBoolean valid = new AtomicBoolean(true);
        AssertSubscriber<LiveSignal> s = listen(EventFilter.ALL,
                () -> Uni.createFrom().item(valid.get() ? Optional.of(ADMIN) : Optional.empty()), Optional.empty(),
                Long.MAX_VALUE);
        s.awaitItems(1, WAIT);
        valid.set(false); // revoked, or its password changed
        s.awaitCompletion(WAIT);
        assertEquals(List.of(LiveSignal.Kind.READY, LiveSignal.Kind.REVOKED),
                s.getItems().stream().map(LiveSignal::kind).toList());
    }

    /**
     * The caller is built again at each check: an admin demoted while listening gets RIGHTS_CHANGED, then the end
     * (before, the stream kept the caller it opened with, and an admin's events, until the JWT expired).
     */
    @Test
    void aDemotedAdminsStreamEndsWithRightsChanged() {
        AtomicBoolean admin = new AtomicBoolean(true);
        Caller demoted = Caller.person(ADMIN.id(), ADMIN.name(), false);
        AssertSubscriber<LiveSignal> s = listen(EventFilter.ALL,
                () -> Uni.createFrom().item(Optional.of(admin.get() ? ADMIN : demoted)), Optional.empty(), Long.MAX_VALUE);
        s.awaitItems(1, WAIT);
        publish(StorageEvent.bucketCreated("any-bucket", ADMIN));
        s.awaitItems(2, WAIT);
        admin.set(false);
        s.awaitCompletion(WAIT);
        assertEquals(List.of(LiveSignal.Kind.READY, LiveSignal.Kind.EVENT, LiveSignal.Kind.RIGHTS_CHANGED),
                s.getItems().stream().map(LiveSignal::kind).toList());
    }

    @Test
    void aCallerMayHoldOnlySoManyStreams() {
        AssertSubscriber<LiveSignal> first = listen(EventFilter.ALL, VALID, Optional.empty(), Long.MAX_VALUE);
        AssertSubscriber<LiveSignal> second = listen(EventFilter.ALL, VALID, Optional.empty(), Long.MAX_VALUE);
        ApiError refused = assertThrows(ApiError.class, () -> live.listen(EventFilter.ALL, ADMIN, VALID, Optional.empty()));
        assertEquals(429, refused.status());

        first.cancel();
        await().atMost(WAIT).until(() -> live.listeners() == 1);
        AssertSubscriber<LiveSignal> third = listen(EventFilter.ALL, VALID, Optional.empty(), Long.MAX_VALUE);
        third.awaitItems(1, WAIT);
        second.cancel();
        third.cancel();
    }

    private AssertSubscriber<LiveSignal> listen(EventFilter filter, Supplier<Uni<Optional<Caller>>> stillValid,
            Optional<Instant> expiresAt, long demand) {
        return live.listen(filter, ADMIN, stillValid, expiresAt).subscribe().withSubscriber(AssertSubscriber.create(demand));
    }

    private void publish(StorageEvent event) {
        live.publish(LiveSignal.of(event, "{}"));
    }
}

package io.imagepic.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.access.Access;
import io.imagepic.access.Action;
import io.imagepic.access.Caller;
import io.imagepic.lifecycle.ShutdownGate;
import io.imagepic.state.StateChange;
import io.imagepic.state.StateChanges;
import io.imagepic.web.ApiError;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.operators.multi.processors.SerializedProcessor;
import io.smallrye.mutiny.subscription.BackPressureFailure;

/**
 * Fans events out to the connected listeners. Events come from the change feed ({@link StateChange.LiveEvent}: this
 * replica's at once, the other replicas' within milliseconds). Each listener has its own bounded buffer between the
 * hub and its connection: a listener that stops reading fills only its buffer, then gets {@code OVERFLOW} and is
 * unsubscribed, while publishers and the other listeners carry on. When the feed lost continuity
 * ({@link StateChange.Gap}: events may have been missed) every listener gets {@code RECONNECT}, so clients resync.
 */
@ApplicationScoped
public class LiveEvents {

    private static final Logger LOG = Logger.getLogger(LiveEvents.class);

    // Publishers call from many threads; the serialised view keeps onNext calls one at a time without locks held while emitting.
    private final BroadcastProcessor<LiveSignal> hub = BroadcastProcessor.create();
    private final SerializedProcessor<LiveSignal, LiveSignal> input = hub.serialized();
    private final NotificationConfig config;
    private final Access access;
    private final AtomicInteger listeners = new AtomicInteger();
    private final AtomicLong overflows = new AtomicLong();
    private final Map<String, AtomicInteger> perCaller = new ConcurrentHashMap<>();

    private final ShutdownGate gate;
    private final ObjectMapper json;
    private final Clock clock;

    LiveEvents(NotificationConfig config, Access access, StateChanges changes, ShutdownGate gate, ObjectMapper json,
            Clock clock) {
        this.config = config;
        this.clock = clock;
        this.access = access;
        this.gate = gate;
        this.json = json;
        changes.subscribe(StateChange.LiveEvent.class, this::fromFeed, this::gap);
        gate.onDrain(this::closeAll);
    }

    void publish(LiveSignal signal) {
        input.onNext(signal);
    }

    /** An event of this or another replica, for this replica's listeners. */
    private void fromFeed(StateChange.LiveEvent event) {
        if (listeners.get() == 0) {
            return;
        }
        try {
            publish(LiveSignal.of(json.readValue(event.json(), StorageEvent.class), event.json()));
        } catch (Exception e) {
            LOG.warnf("unreadable event on the change feed: %s", e.toString());
        }
    }

    /** Events may have been missed: every listener is told to connect again (and resync). */
    private void gap() {
        if (listeners.get() > 0) {
            LOG.infof("the change feed lost continuity: %d listener(s) get reconnect", listeners.get());
            publish(LiveSignal.RECONNECT);
        }
    }

    /** Shutting down: every listener gets RECONNECT, then its stream ends (so it does not hold the shutdown). */
    private void closeAll() {
        publish(LiveSignal.RECONNECT);
        input.onComplete();
    }

    /** Heartbeats go through the hub too, so a listener that never reads eventually overflows and is released. */
    @Scheduled(every = "${imagepic.notification.heartbeat}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        if (listeners.get() > 0) {
            publish(LiveSignal.HEARTBEAT);
        }
    }

    /**
     * A listener's stream: READY first (once subscribed), then its events in order; 503 when too many listen,
     * 429 when this caller has too many streams open. Every {@code reauthenticate-every} the caller is built again
     * from its credential ({@code recheck}: roles, admin right, token scopes and allow-list, as stored now; empty
     * when the credential no longer holds): REVOKED (then the end) once it expired or no longer holds,
     * RIGHTS_CHANGED (then the end) once the rebuilt caller may do less than before, or may no longer read the
     * stream's bucket. Events are filtered for the caller as last rebuilt, with grants as this replica last read them.
     */
    public Multi<LiveSignal> listen(EventFilter filter, Caller caller, Supplier<Uni<Optional<Caller>>> recheck,
            Optional<Instant> expiresAt) {
        if (gate.draining()) {
            throw new ApiError(ApiError.Kind.UNAVAILABLE, NotificationMsg.SHUTTING_DOWN).retryAfter(Duration.ofSeconds(1));
        }
        if (listeners.get() >= config.maxSubscribers()) {
            throw new ApiError(ApiError.Kind.UNAVAILABLE, NotificationMsg.TOO_MANY_LISTENERS);
        }
        String who = caller.id() == null ? "" : caller.id();
        AtomicInteger mine = perCaller.computeIfAbsent(who, k -> new AtomicInteger());
        if (mine.get() >= config.maxSubscribersPerCaller()) {
            throw new ApiError(ApiError.Kind.TOO_MANY_REQUESTS, NotificationMsg.TOO_MANY_STREAMS,
                    config.maxSubscribersPerCaller());
        }
        AtomicReference<Caller> current = new AtomicReference<>(caller);
        Multi<LiveSignal> live = hub
                .select().where(s -> s.kind() != LiveSignal.Kind.EVENT
                        || (filter.matches(s.event()) && access.allowsRecent(current.get(), Action.READ, s.event().bucket()))) // never blocks a publisher
                .onOverflow().buffer(config.subscriberBuffer())
                .onFailure(BackPressureFailure.class).recoverWithItem(() -> {
                    overflows.incrementAndGet();
                    LOG.infof("listener %s fell %d events behind: overflow, disconnecting", caller.id(),
                            config.subscriberBuffer());
                    return LiveSignal.OVERFLOW;
                });
        // Subscribes to the hub first, then says READY: whoever waits for READY misses nothing after it. READY is
        // the first item: what the hub sends between the subscription and READY (a heartbeat, say) is dropped, and
        // no listener misses it, not having been told it listens yet. (The merge serialises the predicate.)
        AtomicBoolean ended = new AtomicBoolean();
        AtomicBoolean ready = new AtomicBoolean();
        Multi<LiveSignal> stream = Multi.createBy().merging().withConcurrency(2).withRequests(1)
                .streams(live, Multi.createFrom().item(LiveSignal.READY))
                .select().where(s -> s.kind() == LiveSignal.Kind.READY ? ready.compareAndSet(false, true) : ready.get())
                .onTermination().invoke(() -> ended.set(true));
        // requests of 1 here too: a prefetch would hold ~128 more events in front of the listener's buffer
        return Multi.createBy().merging().withConcurrency(2).withRequests(1)
                .streams(stream, rightsWatch(filter, current, recheck, expiresAt, ended))
                // OVERFLOW, RECONNECT, REVOKED and RIGHTS_CHANGED are the last item: the stream ends right after
                .onItem().transformToMultiAndConcatenate(s -> isLast(s)
                        ? Multi.createFrom().items(s, LiveSignal.END)
                        : Multi.createFrom().item(s))
                .select().first(s -> s != LiveSignal.END)
                .onSubscription().invoke(() -> {
                    listeners.incrementAndGet();
                    mine.incrementAndGet();
                })
                .onTermination().invoke(() -> {
                    listeners.decrementAndGet();
                    mine.decrementAndGet();
                });
    }

    private static boolean isLast(LiveSignal s) {
        return s.kind() == LiveSignal.Kind.OVERFLOW || s.kind() == LiveSignal.Kind.RECONNECT
                || s.kind() == LiveSignal.Kind.REVOKED || s.kind() == LiveSignal.Kind.RIGHTS_CHANGED;
    }

    /**
     * One REVOKED or RIGHTS_CHANGED item when the caller's credential stops holding or its rights shrink: checked
     * every {@code reauthenticate-every}. Otherwise the rebuilt caller becomes the one the events are filtered for
     * (rights that grew count at once). Ends by itself at the first check after the stream ended (overflow,
     * shutdown), so the merged stream ends too.
     */
    private Multi<LiveSignal> rightsWatch(EventFilter filter, AtomicReference<Caller> current,
            Supplier<Uni<Optional<Caller>>> recheck, Optional<Instant> expiresAt, AtomicBoolean ended) {
        return Multi.createFrom().ticks().every(config.reauthenticateEvery())
                // a check slower than the period skips ticks, instead of failing the stream (BackPressureFailure)
                .onOverflow().drop()
                .select().first(t -> !ended.get())
                .onItem().transformToUniAndConcatenate(t -> expiresAt.isPresent() && !clock.instant().isBefore(expiresAt.get())
                        ? Uni.createFrom().item(LiveSignal.REVOKED)
                        : recheck.get().onFailure().recoverWithItem(Optional.empty())
                                .chain(now -> verdict(filter, current, now)))
                .select().where(s -> s != LiveSignal.HEARTBEAT)
                .select().first();
    }

    /** REVOKED, RIGHTS_CHANGED, or HEARTBEAT (standing for "nothing to say") after the caller was rebuilt. */
    private Uni<LiveSignal> verdict(EventFilter filter, AtomicReference<Caller> current, Optional<Caller> now) {
        if (now.isEmpty()) {
            return Uni.createFrom().item(LiveSignal.REVOKED);
        }
        if (access.shrank(current.get(), now.get())) {
            LOG.infof("listener %s: its rights shrank, ending its stream", now.get().id());
            return Uni.createFrom().item(LiveSignal.RIGHTS_CHANGED);
        }
        Uni<Void> bucketStill = filter.bucket() == null ? Uni.createFrom().voidItem()
                : access.authorize(now.get(), Action.READ, filter.bucket()); // may read the grant, on a worker
        return bucketStill.map(ok -> {
            current.set(now.get());
            return LiveSignal.HEARTBEAT;
        }).onFailure(ApiError.class).recoverWithItem(refused -> {
            LOG.infof("listener %s may no longer read bucket %s, ending its stream", now.get().id(), filter.bucket());
            return LiveSignal.RIGHTS_CHANGED;
        });
    }

    public int listeners() {
        return listeners.get();
    }

    public long overflows() {
        return overflows.get();
    }
}

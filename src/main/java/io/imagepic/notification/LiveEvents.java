package io.imagepic.notification;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.imagepic.access.Access;
import io.imagepic.access.Action;
import io.imagepic.access.Caller;
import io.imagepic.web.ApiError;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.operators.multi.processors.SerializedProcessor;
import io.smallrye.mutiny.subscription.BackPressureFailure;

/**
 * Fans events out to the connected listeners. Each listener has its own bounded buffer between the hub
 * and its connection: a listener that stops reading fills only its buffer, then gets {@code OVERFLOW}
 * and is unsubscribed, while publishers and the other listeners carry on.
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

    LiveEvents(NotificationConfig config, Access access) {
        this.config = config;
        this.access = access;
    }

    void publish(LiveSignal signal) {
        input.onNext(signal);
    }

    /** Heartbeats go through the hub too, so a listener that never reads eventually overflows and is released. */
    @Scheduled(every = "${imagepic.notification.heartbeat}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        if (listeners.get() > 0) {
            publish(LiveSignal.HEARTBEAT);
        }
    }

    /** A listener's stream: READY first (once subscribed), then its events in order; 503 when too many listen. */
    public Multi<LiveSignal> listen(EventFilter filter, Caller caller) {
        if (listeners.get() >= config.maxSubscribers()) {
            throw new ApiError(ApiError.Kind.UNAVAILABLE, NotificationMsg.TOO_MANY_LISTENERS);
        }
        Multi<LiveSignal> live = hub
                .select().where(s -> s.kind() != LiveSignal.Kind.EVENT
                        || (filter.matches(s.event()) && access.allows(caller, Action.READ, s.event().bucket())))
                .onOverflow().buffer(config.subscriberBuffer())
                .onFailure(BackPressureFailure.class).recoverWithItem(() -> {
                    overflows.incrementAndGet();
                    LOG.infof("listener %s fell %d events behind: overflow, disconnecting", caller.id(),
                            config.subscriberBuffer());
                    return LiveSignal.OVERFLOW;
                });
        // Subscribes to the hub first, then says READY: whoever waits for READY misses nothing after it.
        return Multi.createBy().merging().withConcurrency(2).withRequests(1)
                .streams(live, Multi.createFrom().item(LiveSignal.READY))
                .onSubscription().invoke(listeners::incrementAndGet)
                .onTermination().invoke(listeners::decrementAndGet);
    }

    public int listeners() {
        return listeners.get();
    }

    public long overflows() {
        return overflows.get();
    }
}

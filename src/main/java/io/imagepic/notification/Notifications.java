package io.imagepic.notification;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.cluster.ClusterBus;

/**
 * The one call producers make after a change to the store succeeded. It never blocks and never fails
 * the caller: this replica's listeners get the event through their own bounded buffers, the other replicas'
 * listeners through the cluster bus, webhooks through the shared delivery queue.
 */
@ApplicationScoped
public class Notifications {

    private static final Logger LOG = Logger.getLogger(Notifications.class);

    private final LiveEvents live;
    private final Webhooks webhooks;
    private final ObjectMapper json;

    private final ClusterBus bus;
    private final List<BiConsumer<StorageEvent, Boolean>> observers = new CopyOnWriteArrayList<>();

    Notifications(LiveEvents live, Webhooks webhooks, ClusterBus bus, ObjectMapper json) {
        this.live = live;
        this.webhooks = webhooks;
        this.bus = bus;
        this.json = json;
        bus.subscribe(LiveEvents.TOPIC, this::fromPeer);
    }

    /**
     * In-process observers of every change to the store, this replica's ({@code true}) and, over the cluster bus,
     * its peers' ({@code false}): caches that must forget what changed. Called on the publisher's or an event-loop
     * thread; an observer must not block. (Best effort between replicas, as the bus is.)
     */
    public void observe(BiConsumer<StorageEvent, Boolean> observer) {
        observers.add(observer);
    }

    private void fromPeer(String body) {
        if (observers.isEmpty()) {
            return;
        }
        try {
            StorageEvent event = json.readValue(body, StorageEvent.class);
            observers.forEach(o -> o.accept(event, false));
        } catch (Exception e) {
            LOG.warnf("unreadable event from a peer: %s", e.toString());
        }
    }

    public void publish(StorageEvent event) {
        try {
            observers.forEach(o -> o.accept(event, true));
            String body = json.writeValueAsString(event); // once, for every listener and target
            live.publish(LiveSignal.of(event, body));
            bus.publish(LiveEvents.TOPIC, body); // the other replicas' listeners
            webhooks.offer(event, body); // deliveries are queued once, by the replica that made the change
        } catch (Throwable e) {
            LOG.errorf(e, "could not publish %s %s/%s", event.type(), event.bucket(), event.key());
        }
    }
}

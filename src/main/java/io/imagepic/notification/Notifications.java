package io.imagepic.notification;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

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
    private final List<Consumer<StorageEvent>> observers = new CopyOnWriteArrayList<>();

    Notifications(LiveEvents live, Webhooks webhooks, ClusterBus bus, ObjectMapper json) {
        this.live = live;
        this.webhooks = webhooks;
        this.bus = bus;
        this.json = json;
        bus.subscribe(LiveEvents.TOPIC, this::fromPeer);
    }

    /**
     * Runs {@code observer} for every change of the store: this replica's, as it is published, and the other
     * replicas', as their events arrive over the cluster bus (best effort, as the bus is). It runs on the
     * publisher's thread or an event loop: it must not block.
     */
    public void observe(Consumer<StorageEvent> observer) {
        observers.add(observer);
    }

    public void publish(StorageEvent event) {
        try {
            tellObservers(event);
            String body = json.writeValueAsString(event); // once, for every listener and target
            live.publish(LiveSignal.of(event, body));
            bus.publish(LiveEvents.TOPIC, body); // the other replicas' listeners
            webhooks.offer(event, body); // deliveries are queued once, by the replica that made the change
        } catch (Throwable e) {
            LOG.errorf(e, "could not publish %s %s/%s", event.type(), event.bucket(), event.key());
        }
    }

    private void fromPeer(String body) {
        if (observers.isEmpty()) {
            return;
        }
        try {
            tellObservers(json.readValue(body, StorageEvent.class));
        } catch (Exception e) {
            LOG.warnf("unreadable event from a peer: %s", e.toString());
        }
    }

    private void tellObservers(StorageEvent event) {
        for (Consumer<StorageEvent> o : observers) {
            try {
                o.accept(event);
            } catch (RuntimeException e) {
                LOG.errorf(e, "an observer failed on %s %s/%s", event.type(), event.bucket(), event.key());
            }
        }
    }
}

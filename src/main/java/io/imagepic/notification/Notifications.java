package io.imagepic.notification;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.StateChange;
import io.imagepic.state.StateChanges;
import io.imagepic.web.ApiError;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The one call producers make after a change to the store succeeded. The live streams of every replica get the
 * event over the change feed (with an object-changed notice for caches of image bytes), and webhooks get a delivery
 * per matching target in the shared queue: the returned {@link Uni} completes once those are durable, so a change
 * is answered only when its deliveries cannot be lost. It never blocks; it fails (503) only when the queue could not
 * be written.
 */
@ApplicationScoped
public class Notifications {

    private static final Logger LOG = Logger.getLogger(Notifications.class);

    private final Webhooks webhooks;
    private final StateChanges changes;
    private final ObjectMapper json;

    private final List<BiConsumer<StorageEvent, Boolean>> observers = new CopyOnWriteArrayList<>();

    Notifications(Webhooks webhooks, StateChanges changes, ObjectMapper json) {
        this.webhooks = webhooks;
        this.changes = changes;
        this.json = json;
    }

    /**
     * In-process observers of this replica's own changes to the store: for work only the replica that made a change
     * does (deleting derived objects). The flag says whether the change may have replaced or removed something that
     * existed before ({@code false}: a key created by a create-only write, so nothing derived from it can exist yet;
     * measured: a derivative listing per new upload was a fifth of an upload's CPU). Every replica's
     * changes, this one's included, reach caches over the change feed ({@code StateChange.ObjectChanged},
     * {@code BucketRemoved}). Called on the publisher's thread; an observer must not block. One that fails does not
     * keep the event from the others, nor from listeners and webhooks.
     */
    public void observe(BiConsumer<StorageEvent, Boolean> observer) {
        observers.add(observer);
    }

    /**
     * Announces the event; completes (on the caller's Vert.x context, if it has one) once its webhook deliveries are
     * queued. Wait for it before answering the change.
     */
    public Uni<Void> publish(StorageEvent event) {
        return publish(event, true);
    }

    /**
     * As {@link #publish(StorageEvent)}; {@code replaced} false when the change is known to have replaced nothing (an
     * object created under a key that was free), which spares observers their clean-up of the previous version.
     */
    public Uni<Void> publish(StorageEvent event, boolean replaced) {
        String body;
        try {
            tellObservers(event, replaced);
            body = json.writeValueAsString(event); // once, for every listener and target
        } catch (Exception e) {
            LOG.errorf(e, "could not publish %s %s/%s", event.type(), event.bucket(), event.key());
            return Uni.createFrom().voidItem();
        }
        changes.publishAll(notices(event, body));
        Context caller = Vertx.currentContext();
        Uni<Void> queued = webhooks.offer(event, body).onFailure().transform(e -> {
            LOG.errorf(e, "could not queue the webhook deliveries of %s %s/%s", event.type(), event.bucket(), event.key());
            return new ApiError(ApiError.Kind.UNAVAILABLE, NotificationMsg.NOT_QUEUED);
        });
        return caller == null ? queued : queued.emitOn(r -> caller.runOnContext(v -> r.run()));
    }

    /** What the feed learns of the event: the event itself for live streams, and what it changed for caches. */
    static List<StateChange> notices(StorageEvent event, String body) {
        List<StateChange> notices = new ArrayList<>(2);
        notices.add(new StateChange.LiveEvent(event.bucket(), body));
        switch (event.type()) {
            case StorageEvent.OBJECT_CREATED_PUT -> notices.add(new StateChange.ObjectChanged(event.bucket(), event.key(),
                    event.etag() == null ? "" : event.etag()));
            case StorageEvent.OBJECT_REMOVED_DELETE ->
                notices.add(new StateChange.ObjectChanged(event.bucket(), event.key(), null));
            case StorageEvent.BUCKET_REMOVED -> notices.add(new StateChange.BucketRemoved(event.bucket()));
            default -> {
            }
        }
        return notices;
    }

    private void tellObservers(StorageEvent event, boolean replaced) {
        for (BiConsumer<StorageEvent, Boolean> o : observers) {
            try {
                o.accept(event, replaced);
            } catch (RuntimeException e) {
                LOG.errorf(e, "an observer failed on %s %s/%s", event.type(), event.bucket(), event.key());
            }
        }
    }
}

package io.imagepic.notification;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one call producers make after a change to the store succeeded. It never blocks and never fails
 * the caller: listeners get the event through their own bounded buffers, webhooks through their queue.
 */
@ApplicationScoped
public class Notifications {

    private static final Logger LOG = Logger.getLogger(Notifications.class);

    private final LiveEvents live;
    private final Webhooks webhooks;
    private final ObjectMapper json;

    Notifications(LiveEvents live, Webhooks webhooks, ObjectMapper json) {
        this.live = live;
        this.webhooks = webhooks;
        this.json = json;
    }

    public void publish(StorageEvent event) {
        try {
            String body = json.writeValueAsString(event); // once, for every listener and target
            live.publish(LiveSignal.of(event, body));
            webhooks.offer(event, body);
        } catch (Throwable e) {
            LOG.errorf(e, "could not publish %s %s/%s", event.type(), event.bucket(), event.key());
        }
    }
}

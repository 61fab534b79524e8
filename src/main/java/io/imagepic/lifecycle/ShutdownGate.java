package io.imagepic.lifecycle;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;

/**
 * What happens on SIGTERM, in order. At once (Quarkus' pre-shutdown, {@code quarkus.shutdown.delay-enabled}):
 * readiness goes DOWN, new uploads are refused (503 + Retry-After, see {@link #draining()}), and whoever
 * registered with {@link #onDrain} acts (live event streams get a final "reconnect" event and end). The
 * replica keeps serving for the drain delay, so load balancers move away; then Quarkus waits up to the grace
 * ({@code quarkus.shutdown.timeout}) for requests in flight, uploads among them, before it stops.
 */
@ApplicationScoped
public class ShutdownGate {

    private static final Logger LOG = Logger.getLogger(ShutdownGate.class);

    private final ShutdownConfig config;
    private final List<Runnable> onDrain = new CopyOnWriteArrayList<>();
    private volatile boolean draining;

    ShutdownGate(ShutdownConfig config) {
        this.config = config;
    }

    /** True from SIGTERM on: take no new long work (uploads, event streams). */
    public boolean draining() {
        return draining;
    }

    /** Seconds a refused client should wait before it retries (it then reaches another replica). */
    public int retryAfterSeconds() {
        return config.retryAfterSeconds();
    }

    /** Runs the action when draining starts (at once if it has). */
    public void onDrain(Runnable action) {
        onDrain.add(action);
        if (draining) {
            action.run();
        }
    }

    void preShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        drain();
    }

    /** Without a drain delay there is no pre-shutdown event: drain then. */
    void shutdown(@Observes ShutdownEvent event) {
        drain();
    }

    synchronized void drain() {
        if (draining) {
            return;
        }
        draining = true;
        LOG.infof("shutting down: readiness DOWN, new uploads refused, in-flight uploads get up to %s",
                config.grace());
        for (Runnable action : onDrain) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "drain action failed");
            }
        }
    }
}

package io.imagepic.state;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * The change feed within one process: the files backend's whole feed, and the postgres feed's local fan-out.
 * Subscribers run on the publisher's thread, in subscription order; one that throws is logged and skipped.
 */
public class LocalStateChanges implements StateChanges {

    private static final Logger LOG = Logger.getLogger(LocalStateChanges.class);

    private final List<Consumer<StateChange>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void publish(StateChange change) {
        deliver(change);
    }

    /** Hands the notice to every subscriber here (for feeds that received it from elsewhere). */
    public void deliver(StateChange change) {
        for (Consumer<StateChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.errorf(e, "a subscriber of the change feed failed on %s", change);
            }
        }
    }

    @Override
    public Subscription subscribe(Consumer<StateChange> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}

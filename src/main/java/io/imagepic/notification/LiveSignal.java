package io.imagepic.notification;

/** What a listener receives: a store event (already serialised once for all listeners) or a control signal. */
public record LiveSignal(Kind kind, StorageEvent event, String json) {

    public enum Kind {
        /** First item of every stream: the listener is subscribed, events from now on reach it. */
        READY,
        EVENT,
        HEARTBEAT,
        /** The listener fell too far behind; the stream ends after this. */
        OVERFLOW,
        /** This replica is shutting down; the stream ends after this and the client connects again (to another). */
        RECONNECT,
        /** The listener's credential expired or was revoked (or its password changed); the stream ends after this. */
        REVOKED,
        /**
         * The listener's rights shrank (no longer an admin, a grant on the stream's bucket revoked); the stream ends
         * after this and the client connects again, to a stream that carries only what it may still read.
         */
        RIGHTS_CHANGED
    }

    static final LiveSignal READY = new LiveSignal(Kind.READY, null, null);
    static final LiveSignal HEARTBEAT = new LiveSignal(Kind.HEARTBEAT, null, null);
    static final LiveSignal OVERFLOW = new LiveSignal(Kind.OVERFLOW, null, null);
    static final LiveSignal RECONNECT = new LiveSignal(Kind.RECONNECT, null, null);
    static final LiveSignal REVOKED = new LiveSignal(Kind.REVOKED, null, null);
    static final LiveSignal RIGHTS_CHANGED = new LiveSignal(Kind.RIGHTS_CHANGED, null, null);
    /** Internal marker after a last item; never sent. */
    static final LiveSignal END = new LiveSignal(Kind.HEARTBEAT, null, "end");

    static LiveSignal of(StorageEvent event, String json) {
        return new LiveSignal(Kind.EVENT, event, json);
    }
}

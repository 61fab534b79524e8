package io.imagepic.state;

import java.util.function.Consumer;

/**
 * The change feed: typed notices ({@link StateChange}) that any module publishes and any module subscribes to, on
 * every replica. It is how a replica learns that a fact it keeps in memory changed elsewhere, within milliseconds
 * (the rule: no replica keeps a fact in memory that another can change without telling it).
 *
 * <ul>
 * <li><b>files</b> (one replica): in-process; a subscriber is called on the publisher's thread before
 * {@link #publish} returns.</li>
 * <li><b>postgres</b>: {@code pg_notify} on one channel (stores send theirs in the transaction of the change) and
 * {@code LISTEN} on a dedicated connection. This replica's own notices reach its subscribers at once, on the
 * publisher's thread (read-your-writes); other replicas' on the feed's event loop. When the listening connection is
 * lost it reconnects and delivers a {@link StateChange.Gap} first.</li>
 * </ul>
 *
 * Uses, and what each subscribes to:
 * <ul>
 * <li>Caches of credentials, grants, tokens and policies: {@code AccountChanged}, {@code TokenChanged},
 * {@code GrantChanged}, {@code PolicyChanged}: drop the entry; {@code Gap}: drop everything.</li>
 * <li>Caches of image bytes and derived images: {@code ObjectChanged} (evict bucket + key unless the ETag is the
 * cached one), {@code BucketRemoved}; {@code Gap}: drop everything (or revalidate).</li>
 * <li>Live event streams: {@code LiveEvent}; {@code Gap}: send {@code reconnect} to every stream.</li>
 * </ul>
 *
 * Subscribers must be quick and never block (they may run on an event loop or on the thread of a request that
 * just changed something): hand real work to a worker. Notices of one replica arrive in the order it published
 * them; nothing is ordered across replicas. Delivery is at most once between gaps: a subscriber that needs every
 * notice treats {@code Gap} as "re-read everything".
 */
public interface StateChanges {

    /** Announces a change that is already durable. Never blocks, never throws (a failure is logged). */
    void publish(StateChange change);

    /**
     * Announces several changes at once, in order (postgres: one statement). Never blocks, never throws.
     */
    default void publishAll(java.util.List<StateChange> changes) {
        changes.forEach(this::publish);
    }

    /**
     * True while notices of every replica reach this one (files: always; postgres: while the feed listens). A cache the
     * feed keeps right keeps nothing new while it is false: nothing would tell it what changed meanwhile.
     */
    default boolean live() {
        return true;
    }

    /** Calls listener for every notice, of this replica and the others, including {@link StateChange.Gap}. */
    Subscription subscribe(Consumer<StateChange> listener);

    /** Calls onChange for notices of the given kind, and onGap when the feed lost continuity. */
    default <T extends StateChange> Subscription subscribe(Class<T> kind, Consumer<? super T> onChange, Runnable onGap) {
        return subscribe(change -> {
            if (kind.isInstance(change)) {
                onChange.accept(kind.cast(change));
            } else if (change instanceof StateChange.Gap) {
                onGap.run();
            }
        });
    }

    /** Ends a subscription. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}

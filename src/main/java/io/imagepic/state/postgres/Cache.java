package io.imagepic.state.postgres;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;

/**
 * A bounded cache in front of the database for a hot path (least recently used entries go first), kept right by
 * the change feed: a notice drops its entry, a gap drops everything, and while the feed is not connected nothing is
 * kept at all (nothing tells this replica what changed meanwhile). A load that started before a drop is answered
 * but not kept: it may have read what the drop was about.
 */
final class Cache<K, V> {

    private final int capacity;
    private final PgChanges feed;
    private final Map<K, V> entries;
    /** Goes up with every drop: loads started before it are not kept. */
    private long generation;

    Cache(int capacity, PgChanges feed) {
        this.capacity = capacity;
        this.feed = feed;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > Cache.this.capacity;
            }
        };
    }

    /** The cached value, else load's, kept when nothing was dropped meanwhile. */
    Uni<V> get(K key, Function<K, Uni<V>> load) {
        V known = peek(key);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        long started;
        synchronized (this) {
            started = generation;
        }
        return load.apply(key).invoke(value -> {
            synchronized (this) {
                if (value != null && generation == started && feed.connected() && capacity > 0) {
                    entries.put(key, value);
                }
            }
        });
    }

    /** What is cached now, without loading; null when nothing. */
    synchronized V peek(K key) {
        return feed.connected() ? entries.get(key) : null;
    }

    synchronized void drop(K key) {
        generation++;
        entries.remove(key);
    }

    synchronized void dropIf(java.util.function.Predicate<K> which) {
        generation++;
        entries.keySet().removeIf(which);
    }

    synchronized void clear() {
        generation++;
        entries.clear();
    }
}

package io.imagepic.link;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import io.imagepic.crypto.Secrets;
import io.imagepic.state.SigningKeyStore;
import io.imagepic.state.StateChange;
import io.imagepic.state.StateChanges;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

/**
 * Which incarnation of a bucket name is the current one: a bucket removed and created again under its name (by
 * another team, say) is a new generation, and signed links cover the generation they were made for, so no link to
 * the removed bucket opens the new one. A generation is renewed when a bucket is created and when it is removed
 * (either step alone suffices; both leave no window should one be cut short). A bucket that never was renewed (made
 * before generations existed) is generation {@value #INITIAL}.
 *
 * <p>
 * Recorded in the state store as names that never change ({@link SigningKeyStore}:
 * {@code bucket-generations/<bucket>/<millis>-<random>}, the greatest is current) and held here in memory, read
 * again on every replica when the change feed says one was added ({@link StateChange.KeyAdded}), all of them after
 * a gap. Looking one up never blocks.
 */
@Startup
@Singleton
public class BucketGenerations {

    static final String PREFIX = "bucket-generations/";
    /** The generation of a bucket for which none was recorded. */
    public static final String INITIAL = "0";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "([a-z0-9.-]+)/(\\d{13}-[0-9a-f]{8})");

    private final SigningKeyStore store;
    private final StateChanges changes;
    private final Clock clock;
    private volatile Map<String, String> current;

    BucketGenerations(SigningKeyStore store, StateChanges changes, Vertx vertx, Clock clock) {
        this.store = store;
        this.changes = changes;
        this.clock = clock;
        this.current = readAll();
        changes.subscribe(change -> {
            if (change instanceof StateChange.KeyAdded k && k.name().startsWith(PREFIX)) {
                Matcher m = NAME.matcher(k.name());
                if (m.matches()) {
                    vertx.executeBlocking(() -> reread(m.group(1)), true); // the store may block
                }
            } else if (change instanceof StateChange.Gap) {
                vertx.executeBlocking(() -> current = readAll(), true);
            }
        });
    }

    /** The bucket's current generation; never blocks. */
    public String current(String bucket) {
        return current.getOrDefault(bucket, INITIAL);
    }

    /**
     * Starts a new generation of the bucket name: links made for any earlier one stop opening, on every replica.
     * Blocking.
     */
    public String renew(String bucket) {
        List<String> names = store.names(PREFIX + bucket + "/");
        long after = names.isEmpty() ? 0 : millis(names.get(names.size() - 1)) + 1;
        // after the greatest, whatever this replica's clock says: the new one must be the current one
        String id = String.format("%013d", Math.max(after, clock.millis())) + "-" + HexFormat.of().formatHex(Secrets.bytes(4));
        String name = PREFIX + bucket + "/" + id;
        store.getOrCreate(name, () -> id.getBytes(StandardCharsets.US_ASCII));
        reread(bucket);
        changes.publish(new StateChange.KeyAdded(name));
        return id;
    }

    private synchronized String reread(String bucket) {
        List<String> names = store.names(PREFIX + bucket + "/");
        String latest = null;
        for (String n : names) {
            Matcher m = NAME.matcher(n);
            if (m.matches() && m.group(1).equals(bucket) && (latest == null || m.group(2).compareTo(latest) > 0)) {
                latest = m.group(2);
            }
        }
        Map<String, String> next = new HashMap<>(current);
        if (latest != null) {
            next.put(bucket, latest);
        }
        current = Map.copyOf(next);
        return latest;
    }

    private synchronized Map<String, String> readAll() {
        Map<String, String> all = new HashMap<>();
        for (String n : store.names(PREFIX)) {
            Matcher m = NAME.matcher(n);
            if (m.matches()) {
                all.merge(m.group(1), m.group(2), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        return Map.copyOf(all);
    }

    private static long millis(String name) {
        Matcher m = NAME.matcher(name);
        return m.matches() ? Long.parseLong(m.group(2).substring(0, 13)) : 0;
    }
}

package io.imagepic.notification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.ClaimSet;
import io.imagepic.state.Codec;
import io.imagepic.state.EntityStore;
import io.imagepic.state.ReplicaId;
import io.imagepic.state.VersionedStore;

/**
 * Webhook state on the shared volume, under {@code imagepic.notification.dir}: {@code targets/<id>.json} (one
 * file per target, so replicas never rewrite each other's), {@code pending/} (the delivery queue: one work item
 * per delivery, claimed by exactly one replica at a time, see {@link ClaimSet}) and {@code stats/} (counters,
 * updated without lost increments). Every replica reads the same files: a target added or removed anywhere is
 * seen at the next event. Blocking: called from the webhook thread.
 */
@ApplicationScoped
class WebhookStore {

    private static final Logger LOG = Logger.getLogger(WebhookStore.class);
    private static final TypeReference<List<WebhookTarget>> LEGACY = new TypeReference<>() {
    };

    private final Path dir;
    private final ObjectMapper json;
    private final EntityStore<WebhookTarget> targets;
    private final ClaimSet pending;
    private final VersionedStore<WebhookStats> stats;

    WebhookStore(NotificationConfig config, ObjectMapper json) {
        this.dir = config.dir().toAbsolutePath();
        this.json = json;
        Clock clock = Clock.systemUTC(); // the file system's: compared with file stamps and claim leases
        this.targets = new EntityStore<>(dir.resolve("targets"), "", ".json", Codec.json(json, WebhookTarget.class), clock);
        this.pending = new ClaimSet(dir.resolve("pending"), ReplicaId.get(), config.webhook().claimTimeout(), clock);
        this.stats = new VersionedStore<>(dir.resolve("stats"), Codec.json(json, WebhookStats.class), clock);
        migrateLegacyTargets();
    }

    Map<String, WebhookTarget> targets() {
        return targets.all();
    }

    Optional<WebhookTarget> target(String id) {
        return targets.get(id);
    }

    boolean add(WebhookTarget target) {
        return targets.create(target.id(), target);
    }

    boolean remove(String id) {
        boolean existed = targets.delete(id);
        for (ClaimSet.Item item : pending.items()) {
            if (Delivery.targetOf(item.id()).equals(id)) {
                pending.remove(item.id());
            }
        }
        stats.delete(id);
        return existed;
    }

    ClaimSet pending() {
        return pending;
    }

    WebhookStats stats(String id) {
        return stats.get(id).orElse(WebhookStats.NONE);
    }

    void count(String id, long delivered, long failed, long dropped) {
        if (targets.get(id).isEmpty()) {
            return; // removed meanwhile: no counters to keep
        }
        stats.update(id, s -> Optional.of(s.orElse(WebhookStats.NONE).plus(delivered, failed, dropped)));
    }

    byte[] encode(Delivery d) {
        try {
            return json.writeValueAsBytes(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Delivery decode(byte[] bytes) throws IOException {
        return json.readValue(bytes, Delivery.class);
    }

    /** webhooks.json (one file rewritten by every replica) becomes one file per target, once. */
    private void migrateLegacyTargets() {
        Path legacy = dir.resolve("webhooks.json");
        if (!Files.exists(legacy)) {
            return;
        }
        try {
            for (WebhookTarget t : json.readValue(legacy.toFile(), LEGACY)) {
                targets.create(t.id(), t);
            }
            Files.move(legacy, dir.resolve("webhooks.json.migrated"));
            LOG.infof("webhook targets moved from %s to one file per target", legacy);
        } catch (IOException e) {
            LOG.warnf("cannot migrate %s (another replica may have): %s", legacy, e.toString());
        }
    }
}

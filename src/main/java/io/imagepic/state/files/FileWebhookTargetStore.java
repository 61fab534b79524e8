package io.imagepic.state.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.LocalStateChanges;
import io.imagepic.state.StateChange;
import io.imagepic.state.WebhookTarget;
import io.imagepic.state.WebhookTargetStore;

/**
 * {@code notifications/targets/<id>.json}, one file per target (secrets inside: the files are 0600). The single
 * {@code webhooks.json} of an earlier release is split into it at start, once.
 */
final class FileWebhookTargetStore implements WebhookTargetStore {

    private static final Logger LOG = Logger.getLogger(FileWebhookTargetStore.class);
    private static final TypeReference<List<WebhookTarget>> LEGACY = new TypeReference<>() {
    };

    private final FileMap<WebhookTarget> files;
    private final FileDeliveryQueue deliveries;
    private final LocalStateChanges changes;

    FileWebhookTargetStore(Path notificationsDir, ObjectMapper json, FileDeliveryQueue deliveries,
            LocalStateChanges changes) throws IOException {
        this.files = new FileMap<>(notificationsDir.resolve("targets"), "", ".json", json, WebhookTarget.class);
        this.deliveries = deliveries;
        this.changes = changes;
        migrate(notificationsDir.resolve("webhooks.json"), json);
    }

    @Override
    public Map<String, WebhookTarget> all() {
        return Map.copyOf(files.view());
    }

    @Override
    public Optional<WebhookTarget> find(String id) {
        return files.get(id);
    }

    @Override
    public boolean create(WebhookTarget target) {
        if (!files.create(target.id(), target)) {
            return false;
        }
        changes.publish(new StateChange.WebhookTargetsChanged(target.id()));
        return true;
    }

    @Override
    public boolean remove(String id) {
        boolean existed = files.delete(id);
        deliveries.dropTarget(id);
        if (existed) {
            changes.publish(new StateChange.WebhookTargetsChanged(id));
        }
        return existed;
    }

    private void migrate(Path legacy, ObjectMapper json) {
        if (!Files.exists(legacy)) {
            return;
        }
        try {
            for (WebhookTarget t : json.readValue(legacy.toFile(), LEGACY)) {
                files.create(t.id(), t);
            }
            Fs.rename(legacy, legacy.resolveSibling("webhooks.json.migrated"));
            LOG.infof("webhook targets moved from %s to one file per target", legacy);
        } catch (IOException e) {
            LOG.warnf("cannot migrate %s: %s", legacy, e.toString());
        }
    }
}

package io.imagepic.notification;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.AtomicFiles;

/**
 * Webhook state on disk, under {@code imagepic.notification.dir}: {@code webhooks.json} (the targets)
 * and {@code pending/} (one file per delivery not yet done). Blocking: called from the webhook thread only.
 */
@ApplicationScoped
class WebhookStore {

    private static final Logger LOG = Logger.getLogger(WebhookStore.class);
    private static final TypeReference<List<WebhookTarget>> TARGETS = new TypeReference<>() {
    };

    private final Path dir;
    private final Path pending;
    private final ObjectMapper json;

    WebhookStore(NotificationConfig config, ObjectMapper json) {
        this.dir = config.dir();
        this.pending = dir.resolve("pending");
        this.json = json;
    }

    void open() throws IOException {
        Files.createDirectories(pending);
        AtomicFiles.removeTempFiles(dir);
        AtomicFiles.removeTempFiles(pending);
    }

    List<WebhookTarget> loadTargets() throws IOException {
        Path file = dir.resolve("webhooks.json");
        return Files.exists(file) ? json.readValue(file.toFile(), TARGETS) : List.of();
    }

    void saveTargets(List<WebhookTarget> targets) throws IOException {
        AtomicFiles.replace(dir.resolve("webhooks.json"), json.writeValueAsBytes(targets));
    }

    /** Pending deliveries in seq order; an unreadable file is logged and set aside, not fatal. */
    List<Delivery> loadPending() throws IOException {
        List<Delivery> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(pending)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                if (!p.getFileName().toString().endsWith(".json")) {
                    continue;
                }
                try {
                    all.add(json.readValue(p.toFile(), Delivery.class));
                } catch (IOException e) {
                    LOG.warnf("unreadable pending delivery %s (%s), moved aside", p, e.getMessage());
                    Files.move(p, p.resolveSibling(p.getFileName() + ".bad"));
                }
            }
        }
        return all;
    }

    void write(Delivery d) throws IOException {
        AtomicFiles.replace(pending.resolve(d.fileName()), json.writeValueAsBytes(d));
    }

    void delete(Delivery d) throws IOException {
        AtomicFiles.delete(pending.resolve(d.fileName()));
    }
}

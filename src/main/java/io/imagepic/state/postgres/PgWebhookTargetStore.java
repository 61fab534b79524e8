package io.imagepic.state.postgres;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.StateChange;
import io.imagepic.state.WebhookTarget;
import io.imagepic.state.WebhookTargetStore;
import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Targets in {@code webhook_targets}, all of them in memory (a setting caps how many there are): read at start and
 * again whenever the change feed announces a change or a gap. Removing one removes its deliveries with it (a foreign
 * key that cascades).
 */
final class PgWebhookTargetStore implements WebhookTargetStore {

    private static final Logger LOG = Logger.getLogger(PgWebhookTargetStore.class);

    private final Sql sql;
    private final PgChanges feed;
    private final ObjectMapper json;
    private volatile Map<String, WebhookTarget> targets = Map.of();
    /** Goes up with every change seen: a read that started before one is read again. */
    private long changes;

    PgWebhookTargetStore(Sql sql, PgChanges feed, ObjectMapper json) {
        this.sql = sql;
        this.feed = feed;
        this.json = json;
        feed.subscribe(StateChange.WebhookTargetsChanged.class, c -> reload(), this::reload);
    }

    /** The first read, at start. */
    Uni<Void> load() {
        return read().invoke(all -> targets = all).replaceWithVoid();
    }

    @Override
    public Map<String, WebhookTarget> all() {
        return targets;
    }

    @Override
    public Optional<WebhookTarget> find(String id) {
        return Optional.ofNullable(targets.get(id));
    }

    @Override
    public Uni<Optional<WebhookTarget>> findNamed(String id) {
        Optional<WebhookTarget> known = find(id);
        return known.isPresent() ? Uni.createFrom().item(known) : read().map(all -> Optional.ofNullable(all.get(id)));
    }

    @Override
    public boolean create(WebhookTarget target) {
        boolean created = feed.changeWithNotice("""
                with i as (insert into webhook_targets (id, created, doc) values ($1, $2, $3) on conflict do nothing
                           returning id)
                select pg_notify($4, $5) from i""", new StateChange.WebhookTargetsChanged(target.id()), target.id(),
                PgRows.time(target.created()), PgRows.encode(json, target));
        if (created) {
            sql.await(load()); // this replica sees its own target at once
        }
        return created;
    }

    @Override
    public boolean remove(String id) {
        boolean removed = feed.changeWithNotice("""
                with d as (delete from webhook_targets where id = $1 returning id)
                select pg_notify($2, $3) from d""", new StateChange.WebhookTargetsChanged(id), id);
        if (removed) {
            sql.await(load());
        }
        return removed;
    }

    private void reload() {
        long seen;
        synchronized (this) {
            seen = ++changes;
        }
        read().subscribe().with(all -> {
            synchronized (this) {
                if (seen == changes) {
                    targets = all;
                }
            }
        }, e -> LOG.errorf("cannot read the webhook targets: %s", e.toString()));
    }

    private Uni<Map<String, WebhookTarget>> read() {
        return sql.query("select doc from webhook_targets", Tuple.tuple()).map(rows -> {
            Map<String, WebhookTarget> all = new HashMap<>();
            for (Row r : rows) {
                WebhookTarget t = PgRows.doc(json, r, WebhookTarget.class);
                all.put(t.id(), t);
            }
            return Map.copyOf(all);
        });
    }
}

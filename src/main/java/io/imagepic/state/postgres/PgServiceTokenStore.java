package io.imagepic.state.postgres;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.ServiceToken;
import io.imagepic.state.ServiceTokenStore;
import io.imagepic.state.StateChange;
import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** Service tokens in {@code service_tokens}; the token check from a cache the change feed keeps right. */
final class PgServiceTokenStore implements ServiceTokenStore {

    private static final Logger LOG = Logger.getLogger(PgServiceTokenStore.class);
    private static final Optional<ServiceToken> NONE = Optional.empty();

    private final Sql sql;
    private final PgChanges feed;
    private final ObjectMapper json;
    private final Cache<String, Optional<ServiceToken>> cache;

    PgServiceTokenStore(Sql sql, PgChanges feed, ObjectMapper json, int cacheSize) {
        this.sql = sql;
        this.feed = feed;
        this.json = json;
        this.cache = new Cache<>(cacheSize, feed);
        feed.subscribe(StateChange.TokenChanged.class, c -> cache.drop(c.tokenId()), cache::clear);
    }

    @Override
    public Uni<Optional<ServiceToken>> find(String id) {
        if (id == null) {
            return Uni.createFrom().item(NONE);
        }
        return cache.get(id, key -> sql.query("select doc from service_tokens where id = $1", Tuple.of(key))
                .map(rows -> PgRows.first(json, rows, ServiceToken.class)));
    }

    @Override
    public boolean create(ServiceToken token) {
        return feed.changeWithNotice("""
                with i as (insert into service_tokens (id, owner_id, doc) values ($1, $2, $3) on conflict do nothing
                           returning id)
                select pg_notify($4, $5) from i""", new StateChange.TokenChanged(token.id()), token.id(), token.ownerId(),
                PgRows.encode(json, token));
    }

    @Override
    public List<ServiceToken> list() {
        return PgRows.all(json, sql.await(sql.query("select doc from service_tokens", Tuple.tuple())), ServiceToken.class);
    }

    @Override
    public List<String> removeBucket(String bucket) {
        List<String> changed = new ArrayList<>();
        for (Row r : sql.await(sql.query("select doc from service_tokens where doc->'buckets' ? $1", Tuple.of(bucket)))) {
            ServiceToken t = PgRows.doc(json, r, ServiceToken.class);
            // the list as stored now, minus the bucket, in one statement with its notice (a concurrent change of the
            // same token is not lost: tokens are never otherwise rewritten, and this is idempotent)
            if (feed.changeWithNotice("""
                    with u as (update service_tokens
                               set doc = jsonb_set(doc, '{buckets}', coalesce((select jsonb_agg(b) from
                                   jsonb_array_elements(doc->'buckets') b where b <> to_jsonb($2::text)), '[]'::jsonb))
                               where id = $1 and doc->'buckets' ? $2 returning id)
                    select pg_notify($3, $4) from u""", new StateChange.TokenChanged(t.id()), t.id(), bucket)) {
                changed.add(t.id());
            }
        }
        return changed;
    }

    @Override
    public boolean delete(String id) {
        return feed.changeWithNotice("""
                with d as (delete from service_tokens where id = $1 returning id)
                select pg_notify($2, $3) from d""", new StateChange.TokenChanged(id), id);
    }

    @Override
    public void recordUse(String id, Instant when) {
        sql.query("update service_tokens set last_used = $2 where id = $1 and (last_used is null or last_used < $2)",
                Tuple.of(id, PgRows.time(when))).subscribe().with(ok -> {
                }, e -> LOG.debugf("cannot record the last use of service token %s: %s", id, e.toString()));
    }

    @Override
    public Map<String, Instant> lastUsed() {
        Map<String, Instant> used = new HashMap<>();
        for (Row r : sql.await(sql.query("select id, last_used from service_tokens where last_used is not null",
                Tuple.tuple()))) {
            used.put(r.getString("id"), PgRows.instant(r, "last_used"));
        }
        return used;
    }
}

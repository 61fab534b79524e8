package io.imagepic.state.postgres;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.MemberStore;
import io.imagepic.state.Membership;
import io.imagepic.state.StateChange;
import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Grants in {@code bucket_members}, one row per (bucket, account). The check is answered from a cache the change feed
 * keeps right (absent grants are cached too), else with one statement.
 */
final class PgMemberStore implements MemberStore {

    private static final Optional<Membership> NONE = Optional.empty();

    private final Sql sql;
    private final PgChanges feed;
    private final ObjectMapper json;
    private final Cache<String, Optional<Membership>> cache;

    PgMemberStore(Sql sql, PgChanges feed, ObjectMapper json, int cacheSize) {
        this.sql = sql;
        this.feed = feed;
        this.json = json;
        this.cache = new Cache<>(cacheSize, feed);
        feed.subscribe(StateChange.GrantChanged.class, c -> {
            if (c.userId() == null) {
                cache.dropIf(key -> key.startsWith(c.bucket() + "/"));
            } else {
                cache.drop(key(c.bucket(), c.userId()));
            }
        }, cache::clear);
    }

    @Override
    public Uni<Optional<Membership>> find(String bucket, String userId) {
        if (bucket == null || userId == null) {
            return Uni.createFrom().item(NONE);
        }
        return cache.get(key(bucket, userId), key -> sql.query(
                "select doc from bucket_members where bucket = $1 and user_id = $2", Tuple.of(bucket, userId))
                .map(rows -> PgRows.first(json, rows, Membership.class)));
    }

    @Override
    public Optional<Membership> recent(String bucket, String userId) {
        if (bucket == null || userId == null) {
            return NONE;
        }
        Optional<Membership> known = cache.peek(key(bucket, userId));
        if (known == null) {
            find(bucket, userId).subscribe().with(m -> {
            }, e -> {
            }); // not known here yet: the next event finds it
            return NONE;
        }
        return known;
    }

    @Override
    public List<Membership> ofBucket(String bucket) {
        return PgRows.all(json,
                sql.await(sql.query("select doc from bucket_members where bucket = $1 order by doc->>'phone', user_id",
                        Tuple.of(bucket))),
                Membership.class);
    }

    @Override
    public List<Membership> ofUser(String userId) {
        return PgRows.all(json, sql.await(sql.query("select doc from bucket_members where user_id = $1 order by bucket",
                Tuple.of(userId))), Membership.class);
    }

    @Override
    public void put(Membership m) {
        // an upsert: always one row, so always a notice
        feed.changeWithNotice("""
                with u as (insert into bucket_members (bucket, user_id, doc) values ($1, $2, $3)
                           on conflict (bucket, user_id) do update set doc = excluded.doc returning bucket)
                select pg_notify($4, $5) from u""", new StateChange.GrantChanged(m.bucket(), m.userId()), m.bucket(),
                m.userId(), PgRows.encode(json, m));
    }

    @Override
    public boolean remove(String bucket, String userId) {
        return feed.changeWithNotice("""
                with d as (delete from bucket_members where bucket = $1 and user_id = $2 returning bucket)
                select pg_notify($3, $4) from d""", new StateChange.GrantChanged(bucket, userId), bucket, userId);
    }

    @Override
    public int removeAll(String bucket) {
        StateChange notice = new StateChange.GrantChanged(bucket, null);
        Row r = sql.await(sql.query("""
                with d as (delete from bucket_members where bucket = $1 returning user_id)
                select count(*) as removed, case when count(*) > 0 then pg_notify($2, $3) end from d""",
                Tuple.of(bucket, PgChanges.CHANNEL, feed.payloadOf(notice)))).iterator().next();
        int removed = r.getInteger("removed");
        if (removed > 0) {
            feed.deliverHere(notice);
        }
        return removed;
    }

    private static String key(String bucket, String userId) {
        return bucket + "/" + userId;
    }
}

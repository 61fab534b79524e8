package io.imagepic.state.postgres;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.imagepic.state.BucketPolicyStore;
import io.imagepic.state.StateChange;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** Non-default policies in {@code bucket_policies}; every change announced with its new value. */
final class PgPolicyStore implements BucketPolicyStore {

    private final Sql sql;
    private final PgChanges feed;

    PgPolicyStore(Sql sql, PgChanges feed) {
        this.sql = sql;
        this.feed = feed;
    }

    @Override
    public Map<String, String> all() {
        Map<String, String> all = new HashMap<>();
        for (Row r : sql.await(sql.query("select bucket, policy from bucket_policies", Tuple.tuple()))) {
            all.put(r.getString("bucket"), r.getString("policy"));
        }
        return all;
    }

    @Override
    public Optional<String> find(String bucket) {
        for (Row r : sql.await(sql.query("select policy from bucket_policies where bucket = $1", Tuple.of(bucket)))) {
            return Optional.of(r.getString("policy"));
        }
        return Optional.empty();
    }

    @Override
    public void put(String bucket, String policy) {
        // either statement answers one row whether or not a row changed: the notice always goes
        StateChange notice = new StateChange.PolicyChanged(bucket, policy);
        if (policy == null) {
            feed.changeWithNotice("""
                    with d as (delete from bucket_policies where bucket = $1)
                    select pg_notify($2, $3)""", notice, bucket);
        } else {
            feed.changeWithNotice("""
                    with u as (insert into bucket_policies (bucket, policy) values ($1, $2)
                               on conflict (bucket) do update set policy = excluded.policy)
                    select pg_notify($3, $4)""", notice, bucket, policy);
        }
    }
}

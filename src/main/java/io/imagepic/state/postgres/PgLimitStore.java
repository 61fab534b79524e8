package io.imagepic.state.postgres;

import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.Attempts;
import io.imagepic.state.LimitStore;
import io.imagepic.state.Versioned;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Attempts in {@code limits}: compare-and-set on the row's version, which comes from one sequence (a key deleted and
 * written again never gets a number back); creation by a unique key.
 */
final class PgLimitStore implements LimitStore {

    private final Sql sql;
    private final ObjectMapper json;

    PgLimitStore(Sql sql, ObjectMapper json) {
        this.sql = sql;
        this.json = json;
    }

    @Override
    public Versioned<Attempts> read(String key) {
        for (Row r : sql.await(sql.query("select doc, version from limits where key = $1", Tuple.of(key)))) {
            return new Versioned<>(r.getLong("version"), PgRows.doc(json, r, Attempts.class));
        }
        return new Versioned<>(0, null);
    }

    @Override
    public boolean compareAndSet(String key, long expectedVersion, Attempts value) {
        if (expectedVersion == 0) {
            if (value == null) {
                return read(key).version() == 0;
            }
            return sql.await(sql.query("insert into limits (key, forget_at, doc) values ($1, $2, $3) on conflict do nothing",
                    Tuple.of(key, PgRows.time(value.forgetAt()), PgRows.encode(json, value)))).rowCount() == 1;
        }
        if (value == null) {
            return sql.await(sql.query("delete from limits where key = $1 and version = $2", Tuple.of(key, expectedVersion)))
                    .rowCount() == 1;
        }
        return sql.await(sql.query("update limits set forget_at = $3, doc = $4, version = nextval('state_versions') "
                + "where key = $1 and version = $2",
                Tuple.of(key, expectedVersion, PgRows.time(value.forgetAt()),
                        PgRows.encode(json, value))))
                .rowCount() == 1;
    }

    @Override
    public int sweep(Instant now) {
        return sql.await(sql.query("delete from limits where forget_at <= $1", Tuple.of(PgRows.time(now)))).rowCount();
    }
}

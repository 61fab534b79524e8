package io.imagepic.state.postgres;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.RefreshFamily;
import io.imagepic.state.RefreshTokenStore;
import io.imagepic.state.StateConflictException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/**
 * Refresh-token families in {@code refresh_families}: a rotation is a compare-and-set on the row's version, so of two
 * rotations with one token exactly one succeeds (the other reads the rotated family and counts as a reuse).
 */
final class PgRefreshTokenStore implements RefreshTokenStore {

    private final Sql sql;
    private final ObjectMapper json;

    PgRefreshTokenStore(Sql sql, ObjectMapper json) {
        this.sql = sql;
        this.json = json;
    }

    @Override
    public boolean create(RefreshFamily family) {
        return sql.await(sql.query("insert into refresh_families (id, user_id, expires_at, doc) values ($1, $2, $3, $4) "
                + "on conflict do nothing",
                Tuple.of(family.id(), family.userId(), PgRows.time(family.expiresAt()),
                        PgRows.encode(json, family))))
                .rowCount() == 1;
    }

    @Override
    public Optional<RefreshFamily> find(String id) {
        return PgRows.first(json, sql.await(sql.query("select doc from refresh_families where id = $1", Tuple.of(id))),
                RefreshFamily.class);
    }

    @Override
    public Rotation rotate(String id, String presentedHash, String nextHash, Instant now, Instant newExpiry) {
        for (int attempt = 0; attempt < 100; attempt++) {
            RowSet<Row> rows = sql.await(sql.query("select doc, version from refresh_families where id = $1", Tuple.of(id)));
            if (rows.rowCount() == 0) {
                return new Rotation(Outcome.UNKNOWN, null);
            }
            Row row = rows.iterator().next();
            RefreshFamily family = PgRows.doc(json, row, RefreshFamily.class);
            long version = row.getLong("version");
            if (family.expiredAt(now)) {
                return new Rotation(Outcome.UNKNOWN, family);
            }
            if (family.currentHash().equals(presentedHash)) {
                RefreshFamily next = family.rotated(nextHash, now, newExpiry);
                if (sql.await(sql.query("update refresh_families set doc = $3, expires_at = $4, "
                        + "version = nextval('state_versions') where id = $1 and version = $2",
                        Tuple.of(id, version,
                                PgRows.encode(json, next), PgRows.time(next.expiresAt()))))
                        .rowCount() == 1) {
                    return new Rotation(Outcome.ROTATED, next);
                }
                continue; // rotated meanwhile: read again (the token presented is now a used one)
            }
            if (family.usedHashes().contains(presentedHash)) {
                if (sql.await(sql.query("delete from refresh_families where id = $1 and version = $2",
                        Tuple.of(id, version))).rowCount() == 1) {
                    return new Rotation(Outcome.REUSED, null);
                }
                continue;
            }
            return new Rotation(Outcome.UNKNOWN, family);
        }
        throw new StateConflictException("session " + id + " changes faster than it can be rotated");
    }

    @Override
    public boolean revoke(String id) {
        return sql.await(sql.query("delete from refresh_families where id = $1", Tuple.of(id))).rowCount() == 1;
    }

    @Override
    public int revokeAll(String userId) {
        return sql.await(sql.query("delete from refresh_families where user_id = $1", Tuple.of(userId))).rowCount();
    }

    @Override
    public int sweep(Instant now) {
        return sql.await(sql.query("delete from refresh_families where expires_at <= $1", Tuple.of(PgRows.time(now))))
                .rowCount();
    }
}

package io.imagepic.state.postgres;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.Invite;
import io.imagepic.state.InviteStore;
import io.vertx.sqlclient.Tuple;

/** Invites in {@code invites}; redeemed in the registration's transaction ({@link PgAccountStore#create}). */
final class PgInviteStore implements InviteStore {

    private final Sql sql;
    private final ObjectMapper json;

    PgInviteStore(Sql sql, ObjectMapper json) {
        this.sql = sql;
        this.json = json;
    }

    @Override
    public boolean create(Invite invite) {
        return sql.await(sql.query("insert into invites (id, expires_at, doc) values ($1, $2, $3) on conflict do nothing",
                Tuple.of(invite.id(), PgRows.time(invite.expiresAt()), PgRows.encode(json, invite))))
                .rowCount() == 1;
    }

    @Override
    public Optional<Invite> find(String id) {
        return PgRows.first(json, sql.await(sql.query("select doc from invites where id = $1", Tuple.of(id))), Invite.class);
    }

    @Override
    public List<Invite> all() {
        return PgRows.all(json, sql.await(sql.query("select doc from invites order by doc->>'createdAt', id", Tuple.tuple())),
                Invite.class);
    }

    @Override
    public boolean delete(String id) {
        return sql.await(sql.query("delete from invites where id = $1", Tuple.of(id))).rowCount() == 1;
    }
}

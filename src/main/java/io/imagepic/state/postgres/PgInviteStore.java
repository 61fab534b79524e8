package io.imagepic.state.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.Invite;
import io.imagepic.state.InviteStore;
import io.vertx.sqlclient.Row;
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
                Tuple.of(invite.id(), PostgresState.time(invite.expiresAt()), PostgresState.encode(json, invite))))
                .rowCount() == 1;
    }

    @Override
    public Optional<Invite> find(String id) {
        for (Row r : sql.await(sql.query("select doc from invites where id = $1", Tuple.of(id)))) {
            return Optional.of(PostgresState.decode(json, r.getJsonObject("doc"), Invite.class));
        }
        return Optional.empty();
    }

    @Override
    public List<Invite> all() {
        List<Invite> all = new ArrayList<>();
        for (Row r : sql.await(sql.query("select doc from invites order by doc->>'createdAt', id", Tuple.tuple()))) {
            all.add(PostgresState.decode(json, r.getJsonObject("doc"), Invite.class));
        }
        return all;
    }

    @Override
    public boolean delete(String id) {
        return sql.await(sql.query("delete from invites where id = $1", Tuple.of(id))).rowCount() == 1;
    }
}

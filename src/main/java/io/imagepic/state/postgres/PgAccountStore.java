package io.imagepic.state.postgres;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.AccountStore;
import io.imagepic.state.Credential;
import io.imagepic.state.LastAdminException;
import io.imagepic.state.Rights;
import io.imagepic.state.StateChange;
import io.imagepic.state.User;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/**
 * Accounts in {@code accounts}: the phone unique by constraint, every change a compare-and-set on the row's version,
 * rights as two columns whose rule ("one enabled admin remains") is checked and changed in one transaction that locks
 * the enabled admins' rows. The credential check is answered from a cache the change feed keeps right, else with one
 * statement.
 */
final class PgAccountStore implements AccountStore {

    private static final String CREDENTIAL_OF = "select id, phone, credential_version, admin, disabled from accounts where id = $1";
    private static final String CREDENTIAL = "select id, phone, credential_version, admin, disabled from accounts where phone = $1";
    private static final Optional<Credential> NONE = Optional.empty();

    private final Sql sql;
    private final PgChanges feed;
    private final ObjectMapper json;
    private final Cache<String, Optional<Credential>> credentials;
    /** The same by user id (service tokens' owners). */
    private final Cache<String, Optional<Credential>> credentialsById;

    PgAccountStore(Sql sql, PgChanges feed, ObjectMapper json, int cacheSize) {
        this.sql = sql;
        this.feed = feed;
        this.json = json;
        this.credentials = new Cache<>(cacheSize, feed);
        this.credentialsById = new Cache<>(cacheSize, feed);
        feed.subscribe(StateChange.AccountChanged.class, c -> {
            if (c.phone() != null) {
                credentials.drop(c.phone());
            } else {
                credentials.dropIf(phone -> true);
            }
            if (c.userId() != null) {
                credentialsById.drop(c.userId());
            } else {
                credentialsById.dropIf(id -> true);
            }
        }, () -> {
            credentials.clear();
            credentialsById.clear();
        });
    }

    @Override
    public Uni<Optional<Credential>> credential(String phone) {
        if (phone == null) {
            return Uni.createFrom().item(NONE);
        }
        return credentials.get(phone, p -> sql.query(CREDENTIAL, Tuple.of(p)).map(rows -> {
            for (Row r : rows) {
                return Optional.of(new Credential(r.getString("id"), r.getString("phone"), r.getLong("credential_version"),
                        r.getBoolean("admin"), r.getBoolean("disabled")));
            }
            return NONE;
        }));
    }

    @Override
    public Uni<Optional<Credential>> credentialOf(String userId) {
        if (userId == null) {
            return Uni.createFrom().item(NONE);
        }
        return credentialsById.get(userId, id -> sql.query(CREDENTIAL_OF, Tuple.of(id)).map(rows -> {
            for (Row r : rows) {
                return Optional.of(new Credential(r.getString("id"), r.getString("phone"), r.getLong("credential_version"),
                        r.getBoolean("admin"), r.getBoolean("disabled")));
            }
            return NONE;
        }));
    }

    @Override
    public Optional<User> find(String phone) {
        return first(sql.await(sql.query("select doc from accounts where phone = $1", Tuple.of(phone))));
    }

    @Override
    public Optional<User> findById(String id) {
        return first(sql.await(sql.query("select doc from accounts where id = $1", Tuple.of(id))));
    }

    @Override
    public Map<String, User> findByIds(Collection<String> ids) {
        Map<String, User> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        RowSet<Row> rows = sql.await(sql.query("select doc from accounts where id = any($1)",
                Tuple.of(ids.toArray(String[]::new))));
        for (Row r : rows) {
            User u = user(r);
            found.put(u.id(), u);
        }
        return found;
    }

    @Override
    public List<User> all() {
        List<User> all = new ArrayList<>();
        for (Row r : sql.await(sql.query("select doc from accounts order by phone", Tuple.tuple()))) {
            all.add(user(r));
        }
        return all;
    }

    @Override
    public Registration create(User user, String inviteId) {
        StateChange notice = new StateChange.AccountChanged(user.id(), user.phone());
        Registration outcome = sql.await(sql.transaction(conn -> {
            Future<Boolean> invite = inviteId == null ? Future.succeededFuture(true)
                    : sql.execute(conn, "delete from invites where id = $1", Tuple.of(inviteId)).map(r -> r.rowCount() == 1);
            return invite.compose(redeemed -> {
                if (!redeemed) {
                    return Future.failedFuture(new Refused(Registration.INVITE_GONE));
                }
                return sql.execute(conn, """
                        insert into accounts (id, phone, credential_version, doc) values ($1, $2, $3, $4)
                        on conflict (phone) do nothing""",
                        Tuple.of(user.id(), user.phone(), user.credentialVersion(), doc(user)));
            }).compose(inserted -> inserted.rowCount() == 1 ? feed.notifyIn(conn, notice).map(Registration.CREATED)
                    : Future.failedFuture(new Refused(Registration.PHONE_TAKEN)));
        }).onFailure(Refused.class).recoverWithItem(e -> ((Refused) e).outcome));
        if (outcome == Registration.CREATED) {
            feed.deliverHere(notice);
        }
        return outcome;
    }

    @Override
    public Optional<User> update(String phone, UnaryOperator<User> change) {
        for (int attempt = 0; attempt < 100; attempt++) {
            RowSet<Row> rows = sql.await(sql.query("select doc, version from accounts where phone = $1", Tuple.of(phone)));
            if (rows.rowCount() == 0) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            User current = user(row);
            User next = change.apply(current);
            if (next == current) {
                return Optional.of(current);
            }
            if (!next.phone().equals(phone) || !next.id().equals(current.id())) {
                throw new IllegalArgumentException("an account's phone and id never change");
            }
            if (feed.changeWithNotice("""
                    with u as (update accounts set doc = $1, credential_version = $2, version = nextval('state_versions')
                               where phone = $3 and version = $4 returning id)
                    select pg_notify($5, $6) from u""", new StateChange.AccountChanged(next.id(), phone), doc(next),
                    next.credentialVersion(), phone, row.getLong("version"))) {
                return Optional.of(next);
            }
        }
        throw new io.imagepic.state.StateConflictException("account " + phone + " changes faster than it can be updated");
    }

    @Override
    public Rights rights() {
        TreeSet<String> admins = new TreeSet<>();
        TreeSet<String> disabled = new TreeSet<>();
        for (Row r : sql.await(sql.query("select id, admin, disabled from accounts where admin or disabled", Tuple.tuple()))) {
            if (r.getBoolean("admin")) {
                admins.add(r.getString("id"));
            }
            if (r.getBoolean("disabled")) {
                disabled.add(r.getString("id"));
            }
        }
        return new Rights(admins, disabled);
    }

    @Override
    public boolean setAdmin(String userId, boolean admin) {
        return changeRights(userId, (isAdmin, isDisabled) -> new boolean[] { admin, isDisabled }, true);
    }

    @Override
    public boolean setDisabled(String userId, boolean disabled) {
        return changeRights(userId, (isAdmin, isDisabled) -> new boolean[] { isAdmin, disabled }, true);
    }

    @Override
    public boolean makeFirstAdmin(String userId) {
        return changeRights(userId, (isAdmin, isDisabled) -> new boolean[] { true, false }, false);
    }

    private interface RightsChange {
        boolean[] apply(boolean admin, boolean disabled);
    }

    /**
     * One transaction: locks the enabled admins' rows and the account's, decides, writes, notifies. Two admins
     * demoting each other at once: the second waits for the first's lock, then sees one enabled admin left.
     * {@code guard}: refuse to leave no enabled admin; without it (the first admin) change only when there is none.
     */
    private boolean changeRights(String userId, RightsChange change, boolean guard) {
        java.util.concurrent.atomic.AtomicReference<StateChange> delivered = new java.util.concurrent.atomic.AtomicReference<>();
        Boolean changed = sql.await(sql.transaction(conn -> sql
                .execute(conn, "select id from accounts where admin and not disabled order by id for update", Tuple.tuple())
                .compose(enabledAdmins -> sql.execute(conn,
                        "select phone, admin, disabled from accounts where id = $1 for update", Tuple.of(userId))
                        .compose(rows -> {
                            if (rows.rowCount() == 0) {
                                return Future.succeededFuture(false);
                            }
                            Row r = rows.iterator().next();
                            boolean admin = r.getBoolean("admin");
                            boolean disabled = r.getBoolean("disabled");
                            boolean wasEnabledAdmin = admin && !disabled;
                            int enabled = enabledAdmins.rowCount();
                            if (!guard && enabled > 0) {
                                return Future.succeededFuture(false);
                            }
                            boolean[] next = change.apply(admin, disabled);
                            if (next[0] == admin && next[1] == disabled) {
                                return Future.succeededFuture(false);
                            }
                            int after = enabled - (wasEnabledAdmin ? 1 : 0) + (next[0] && !next[1] ? 1 : 0);
                            if (guard && enabled > 0 && after == 0) {
                                return Future.failedFuture(new LastAdminException());
                            }
                            StateChange notice = new StateChange.AccountChanged(userId, r.getString("phone"));
                            return sql.execute(conn, """
                                    update accounts set admin = $2, disabled = $3, version = nextval('state_versions')
                                    where id = $1""", Tuple.of(userId, next[0], next[1]))
                                    .compose(u -> feed.notifyIn(conn, notice))
                                    .map(v -> {
                                        delivered.set(notice); // delivered here once committed
                                        return true;
                                    });
                        }))));
        if (changed) {
            feed.deliverHere(delivered.get());
        }
        return changed;
    }

    private Optional<User> first(RowSet<Row> rows) {
        for (Row r : rows) {
            return Optional.of(user(r));
        }
        return Optional.empty();
    }

    private User user(Row r) {
        return PgRows.doc(json, r, User.class);
    }

    private JsonObject doc(User u) {
        return PgRows.encode(json, u);
    }

    /** A registration refused inside its transaction (which is rolled back). */
    private static final class Refused extends RuntimeException {
        final Registration outcome;

        Refused(Registration outcome) {
            super(outcome.name(), null, false, false);
            this.outcome = outcome;
        }
    }
}

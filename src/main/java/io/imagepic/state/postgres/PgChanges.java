package io.imagepic.state.postgres;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.LocalStateChanges;
import io.imagepic.state.StateChange;
import io.imagepic.state.StateChanges;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The change feed between replicas: {@code pg_notify} on {@value #CHANNEL} (a store sends its notice in the
 * transaction of its change, so it goes out exactly when the change commits) and {@code LISTEN} on a connection of
 * its own ({@link PgSubscriber}). This replica's notices reach its own subscribers at once; the others' on the
 * listening connection's event loop.
 *
 * <p>
 * When the listening connection is lost, notices sent meanwhile are lost with it: at once every subscriber gets a
 * {@link StateChange.Gap} (caches drop what they hold and keep nothing until the feed is back, live streams send
 * {@code reconnect}), the feed connects again every {@link #RETRY_MILLIS}, and once it listens again subscribers get
 * another gap (whatever was read while it was away may be stale).
 */
final class PgChanges implements StateChanges, AutoCloseable {

    static final String CHANNEL = "imagepic_state";
    static final long RETRY_MILLIS = 250;
    /** pg_notify refuses 8000 bytes and more; a notice that large is sent as a gap instead. */
    private static final int MAX_PAYLOAD = 7900;
    private static final Logger LOG = Logger.getLogger(PgChanges.class);
    private static final String NOTIFY = "select pg_notify($1, $2)";
    /** Notices sent in one statement at most. */
    private static final int MAX_BATCH = 64;

    /** What travels: the notice and the replica that sent it. */
    @RegisterForReflection
    record Wire(String origin, StateChange change) {
    }

    private final LocalStateChanges local = new LocalStateChanges();
    private final Vertx vertx;
    private final PgConnectOptions options;
    private final Sql sql;
    private final ObjectMapper json;
    private final String origin;
    /** Notices published here, not yet sent to the other replicas (guarded by itself). */
    private final ArrayDeque<StateChange> outbox = new ArrayDeque<>();
    private boolean sending;
    private volatile boolean connected;
    private volatile boolean closing;
    private PgSubscriber subscriber;

    PgChanges(Vertx vertx, PgConnectOptions options, Sql sql, ObjectMapper json, String origin) {
        this.vertx = vertx;
        this.options = options;
        this.sql = sql;
        this.json = json;
        this.origin = origin;
    }

    /** Listens; completes once LISTEN is in place (fails when the database cannot be reached). */
    Uni<Void> start() {
        return Sql.uni(this::listen);
    }

    /** The listening connection's application_name: an operator (or a test) finds this replica's feed by it. */
    String name() {
        return "imagepic-feed-" + origin.substring(Math.max(0, origin.length() - 8));
    }

    /** True while the feed listens: caches may keep what they read. */
    boolean connected() {
        return connected;
    }

    @Override
    public boolean live() {
        return connected;
    }

    @Override
    public void publish(StateChange change) {
        publishAll(List.of(change));
    }

    /**
     * Delivers here at once and sends to the other replicas in the order published: one NOTIFY statement in flight at a
     * time, carrying whatever was published meanwhile (two statements on two pooled connections could overtake each
     * other, and a live stream would see a removal before the upload it removes).
     */
    @Override
    public void publishAll(List<StateChange> changes) {
        changes.forEach(local::deliver);
        synchronized (outbox) {
            outbox.addAll(changes);
            if (sending) {
                return;
            }
            sending = true;
        }
        sendNext();
    }

    private void sendNext() {
        List<StateChange> batch = new ArrayList<>();
        synchronized (outbox) {
            while (!outbox.isEmpty() && batch.size() < MAX_BATCH) {
                batch.add(outbox.poll());
            }
            if (batch.isEmpty()) {
                sending = false;
                return;
            }
        }
        try {
            sql.query(notifyAll(batch.size()), args(batch)).subscribe().with(ok -> sendNext(), e -> {
                LOG.warnf("could not announce %s to the other replicas: %s", batch, e.toString());
                sendNext();
            });
        } catch (RuntimeException e) {
            LOG.warnf("could not announce %s to the other replicas: %s", batch, e.toString());
            sendNext();
        }
    }

    /** Sends the notices on this connection, i.e. in its transaction: they go out when it commits. */
    Future<Void> notifyIn(SqlClient connection, StateChange... changes) {
        return sql.execute(connection, notifyAll(changes.length), args(List.of(changes))).mapEmpty();
    }

    /** Hands the notices to this replica's subscribers (after the transaction that sent them committed). */
    void deliverHere(StateChange... changes) {
        for (StateChange c : changes) {
            local.deliver(c);
        }
    }

    @Override
    public Subscription subscribe(Consumer<StateChange> listener) {
        return local.subscribe(listener);
    }

    @Override
    public void close() {
        closing = true;
        PgSubscriber s = subscriber;
        if (s != null) {
            s.close();
        }
    }

    private Future<Void> listen() {
        Promise<Void> listening = Promise.promise();
        PgSubscriber s = PgSubscriber.subscriber(vertx, new PgConnectOptions(options).addProperty("application_name", name()));
        subscriber = s;
        boolean again = connected || lostBefore;
        s.channel(CHANNEL).subscribeHandler(v -> {
            connected = true;
            if (again) {
                LOG.info("the change feed listens again: caches start afresh");
                local.deliver(new StateChange.Gap());
            }
            listening.tryComplete();
        }).handler(this::receive);
        s.closeHandler(v -> lost());
        s.connect().onFailure(listening::tryFail);
        return listening.future();
    }

    private volatile boolean lostBefore;

    /** The listening connection is gone: notices may be missed from now on until it is back. */
    private void lost() {
        boolean was = connected;
        connected = false;
        if (closing) {
            return;
        }
        lostBefore = true;
        if (was) {
            LOG.warn("the change feed lost its connection: caches dropped, live streams told to reconnect; reconnecting");
            local.deliver(new StateChange.Gap());
        }
        vertx.setTimer(RETRY_MILLIS, t -> {
            if (!closing) {
                listen().onFailure(e -> {
                    LOG.debugf("the change feed cannot reconnect yet: %s", e.toString());
                    lost();
                });
            }
        });
    }

    private void receive(String payload) {
        try {
            Wire wire = json.readValue(payload, Wire.class);
            if (!origin.equals(wire.origin())) { // our own reached our subscribers when it was sent
                local.deliver(wire.change());
            }
        } catch (Exception e) {
            LOG.warnf("unreadable notice on %s: %s", CHANNEL, e.toString());
            local.deliver(new StateChange.Gap());
        }
    }

    private Tuple args(List<StateChange> changes) {
        Tuple t = Tuple.tuple().addString(CHANNEL);
        for (StateChange c : changes) {
            t.addString(payload(c));
        }
        return t;
    }

    /**
     * One statement that changes a row and sends the notice in the same statement, so both or neither happen: its
     * parameters are args, then the channel and the notice's payload (the last two, added here). When it answers a
     * row (the change was made), the notice also goes to this replica's subscribers. Blocking; true when changed.
     */
    boolean changeWithNotice(String statement, StateChange notice, Object... args) {
        Tuple t = Tuple.tuple();
        for (Object a : args) {
            t.addValue(a);
        }
        boolean changed = sql.await(sql.query(statement, t.addString(CHANNEL).addString(payload(notice)))).rowCount() == 1;
        if (changed) {
            deliverHere(notice);
        }
        return changed;
    }

    /** The NOTIFY payload of a notice, for stores that send it within a statement of their own. */
    String payloadOf(StateChange change) {
        return payload(change);
    }

    private String payload(StateChange change) {
        try {
            String p = json.writeValueAsString(new Wire(origin, change));
            if (p.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PAYLOAD) {
                LOG.warnf("a %s notice is too large for NOTIFY: the other replicas get a gap instead",
                        change.getClass().getSimpleName());
                return json.writeValueAsString(new Wire(origin, new StateChange.Gap()));
            }
            return p;
        } catch (Exception e) {
            throw new IllegalStateException("cannot encode " + change, e);
        }
    }

    private static String notifyAll(int count) {
        if (count == 1) {
            return NOTIFY;
        }
        StringBuilder s = new StringBuilder("select ");
        for (int i = 0; i < count; i++) {
            s.append(i == 0 ? "" : ", ").append("pg_notify($1, $").append(i + 2).append(')');
        }
        return s.toString();
    }
}

package io.imagepic.state;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.imagepic.state.files.FileState;
import io.imagepic.state.postgres.PostgresState;
import io.imagepic.support.PostgresServer;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * The two backends as the contract suites use them, without the application: {@link #open} gives an engine on a
 * fresh store (files: a directory; postgres: a database of its own on the test JVM's server, migrated), and
 * {@link #another} a second engine on the same store, as a second replica (postgres only: the files backend refuses
 * a second instance).
 */
public enum Backends {

    FILES,
    POSTGRES;

    public static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static Vertx vertx;

    /** An engine on a fresh store; close it (and its siblings) with {@link Opened#close}. */
    public Opened open(Path dir) {
        if (this == FILES) {
            return new Opened(this, dir, null, new FileState(dir, "test", JSON, Clock.systemUTC()));
        }
        PostgresServer server = PostgresServer.get();
        String db = server.newDatabase();
        Flyway.configure().dataSource(server.jdbcUrl(db), PostgresServer.USER, "").load().migrate();
        return new Opened(this, dir, db, postgres(db, "replica-1"));
    }

    public static synchronized Vertx vertx() {
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
        return vertx;
    }

    public static PgConnectOptions options(String db) {
        return PgConnectOptions.fromUri(PostgresServer.get().reactiveUrl(db)).setUser(PostgresServer.USER);
    }

    static PostgresState postgres(String db, String owner) {
        return postgres(options(db), owner);
    }

    /** A postgres engine on the database these options reach (another process's server, say). */
    public static PostgresState postgres(PgConnectOptions options, String owner) {
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(8)).connectingTo(options).using(vertx()).build();
        return new PostgresState(vertx(), pool, options, JSON, owner,
                new PostgresState.Options(1000, 1000, 1000, Duration.ofSeconds(20)));
    }

    /** One store opened by a test: its first engine, more on the same store, and closing all of them. */
    public static final class Opened implements AutoCloseable {
        public final Backends backend;
        public final Path dir;
        /** The database (postgres), else null. */
        public final String database;
        public final StateEngine engine;
        private final List<StateEngine> engines = new ArrayList<>();

        Opened(Backends backend, Path dir, String database, StateEngine engine) {
            this.backend = backend;
            this.dir = dir;
            this.database = database;
            this.engine = engine;
            engines.add(engine);
        }

        /** A second replica on the same store (postgres only). */
        public StateEngine another(String owner) {
            if (backend != POSTGRES) {
                throw new IllegalStateException("the files backend serves one replica");
            }
            StateEngine e = postgres(database, owner);
            engines.add(e);
            return e;
        }

        /** Opens the store afresh (files: after this one is closed). */
        public StateEngine reopen() {
            StateEngine e = backend == FILES ? new FileState(dir, "test", JSON, Clock.systemUTC())
                    : postgres(database, "reopened");
            engines.add(e);
            return e;
        }

        public void closeFirst() {
            engine.close();
            engines.remove(engine);
        }

        @Override
        public void close() {
            engines.forEach(StateEngine::close);
            engines.clear();
        }
    }
}

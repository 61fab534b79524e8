package io.imagepic.state;

import java.time.Clock;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.flywaydb.core.Flyway;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.files.FileState;
import io.imagepic.state.postgres.PostgresState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;

/**
 * The stores of the configured backend ({@link StateConfig#backend}), as the interfaces of this package: modules
 * inject {@link AccountStore}, {@link StateChanges}... and never learn which backend runs. The engine starts before
 * anything else at start-up: the files backend takes its directory's lease then (and refuses to start when another
 * instance holds it); the postgres backend migrates the schema (Flyway takes a lock in the database, so replicas
 * starting together migrate once) and starts listening for changes.
 */
@Singleton
public class StateBackends {

    private final StateConfig config;
    private final ObjectMapper json;
    private final Clock clock;
    private final Instance<Vertx> vertx;
    private final Instance<Pool> pool;
    private final Instance<Flyway> flyway;
    private final Config settings;
    private volatile StateEngine engine;

    StateBackends(StateConfig config, ObjectMapper json, Clock clock, Instance<Vertx> vertx, Instance<Pool> pool,
            Instance<Flyway> flyway, Config settings) {
        this.config = config;
        this.json = json;
        this.clock = clock;
        this.vertx = vertx;
        this.pool = pool;
        this.flyway = flyway;
        this.settings = settings;
    }

    /** Before every other start-up observer: they may need a store. */
    void start(@Observes @Priority(0) StartupEvent event, Instance<MeterRegistry> metrics) {
        if (engine() instanceof PostgresState pg && metrics.isResolvable()) {
            FunctionCounter.builder("imagepic.state.statements", pg, PostgresState::statements).tag("work", "requests")
                    .description("SQL statements this replica sent to the state database (BEGIN and COMMIT included); "
                            + "work=requests: for requests and what they start, work=deliveries: the webhook delivery loop")
                    .register(metrics.get());
            FunctionCounter.builder("imagepic.state.statements", pg, PostgresState::deliveryStatements)
                    .tag("work", "deliveries")
                    .description("SQL statements this replica sent to the state database (BEGIN and COMMIT included); "
                            + "work=requests: for requests and what they start, work=deliveries: the webhook delivery loop")
                    .register(metrics.get());
        }
    }

    @PreDestroy
    void stop() {
        StateEngine e = engine;
        if (e != null) {
            e.close();
        }
    }

    public StateEngine engine() {
        StateEngine e = engine;
        if (e == null) {
            synchronized (this) {
                e = engine;
                if (e == null) {
                    e = open();
                    engine = e;
                }
            }
        }
        return e;
    }

    /** SQL statements the postgres backend sent so far; empty with the files backend. */
    public Optional<Long> statements() {
        return engine() instanceof PostgresState pg ? Optional.of(pg.statements()) : Optional.empty();
    }

    private StateEngine open() {
        if (config.backend() == StateConfig.Backend.FILES) {
            return new FileState(config.dir(), ReplicaId.get(), json, clock);
        }
        String url = settings.getOptionalValue("quarkus.datasource.reactive.url", String.class)
                .orElseThrow(() -> new IllegalStateException("imagepic.state.backend=postgres needs "
                        + "quarkus.datasource.reactive.url (QUARKUS_DATASOURCE_REACTIVE_URL) and quarkus.datasource.jdbc.url"));
        flyway.get().migrate();
        PgConnectOptions listen = PgConnectOptions.fromUri(url);
        settings.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(listen::setUser);
        settings.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(listen::setPassword);
        StateConfig.Postgres pg = config.postgres();
        return new PostgresState(vertx.get(), pool.get(), listen, json, ReplicaId.get(),
                new PostgresState.Options(pg.credentialCache(), pg.tokenCache(), pg.grantCache(), pg.timeout()));
    }

    @Produces
    @Singleton
    StateChanges changes() {
        return engine().changes();
    }

    @Produces
    @Singleton
    AccountStore accounts() {
        return engine().accounts();
    }

    @Produces
    @Singleton
    InviteStore invites() {
        return engine().invites();
    }

    @Produces
    @Singleton
    ServiceTokenStore serviceTokens() {
        return engine().serviceTokens();
    }

    @Produces
    @Singleton
    MemberStore members() {
        return engine().members();
    }

    @Produces
    @Singleton
    BucketPolicyStore policies() {
        return engine().policies();
    }

    @Produces
    @Singleton
    WebhookTargetStore webhookTargets() {
        return engine().webhookTargets();
    }

    @Produces
    @Singleton
    DeliveryQueue deliveries() {
        return engine().deliveries();
    }

    @Produces
    @Singleton
    LimitStore limits() {
        return engine().limits();
    }

    @Produces
    @Singleton
    SigningKeyStore keys() {
        return engine().keys();
    }

    @Produces
    @Singleton
    RefreshTokenStore refreshTokens() {
        return engine().refreshTokens();
    }
}

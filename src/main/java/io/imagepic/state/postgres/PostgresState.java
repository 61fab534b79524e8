package io.imagepic.state.postgres;

import java.time.Duration;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.StateEngine;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;

/**
 * The postgres backend, for any number of replicas: every store a table (schema by Flyway, {@code db/migration}),
 * every statement on the reactive client, the change feed on LISTEN/NOTIFY ({@link PgChanges}), and bounded caches
 * for the per-request checks (credentials, service tokens, grants) that the feed keeps right, so an authenticated
 * request usually costs no statement at all. The schema must be migrated before this is made.
 */
public final class PostgresState implements StateEngine {

    private static final Logger LOG = Logger.getLogger(PostgresState.class);

    /** Sizes of the per-request caches, and how long a blocking caller waits for the database. */
    public record Options(int credentialCache, int tokenCache, int grantCache, Duration timeout) {
        public static final Options DEFAULTS = new Options(10_000, 10_000, 50_000, Duration.ofSeconds(10));
    }

    private final Sql sql;
    private final PgChanges feed;
    private final Stores stores;

    /**
     * pool: the reactive client's (statements); listen: where the feed's own connection goes; owner: this replica's
     * id (its notices and its leases).
     */
    public PostgresState(Vertx vertx, Pool pool, PgConnectOptions listen, ObjectMapper json, String owner, Options options) {
        ObjectMapper mapper = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.sql = new Sql(pool, options.timeout());
        this.feed = new PgChanges(vertx, listen, sql, mapper, owner);
        sql.await(feed.start());
        PgAccountStore accounts = new PgAccountStore(sql, feed, mapper, options.credentialCache());
        PgInviteStore invites = new PgInviteStore(sql, mapper);
        PgServiceTokenStore tokens = new PgServiceTokenStore(sql, feed, mapper, options.tokenCache());
        PgMemberStore members = new PgMemberStore(sql, feed, mapper, options.grantCache());
        PgPolicyStore policies = new PgPolicyStore(sql, feed);
        PgWebhookTargetStore targets = new PgWebhookTargetStore(sql, feed, mapper);
        sql.await(targets.load());
        this.stores = new Stores(feed, accounts, invites, tokens, members, policies, targets, new PgDeliveryQueue(sql),
                new PgLimitStore(sql, mapper), new PgKeyStore(sql), new PgRefreshTokenStore(sql, mapper));
        LOG.infof("state: postgres (%s:%d/%s), change feed listening as %s", listen.getHost(), listen.getPort(),
                listen.getDatabase(), feed.name());
    }

    /**
     * SQL statements sent so far (BEGIN and COMMIT included) for requests and what they start: the benchmark's
     * statements per request.
     */
    public long statements() {
        return sql.statements();
    }

    /** SQL statements the webhook delivery loop sent so far (claims, renewals, completions, retries). */
    public long deliveryStatements() {
        return sql.deliveryStatements();
    }

    @Override
    public Stores stores() {
        return stores;
    }

    @Override
    public void close() {
        feed.close();
    }
}

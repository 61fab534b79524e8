package io.imagepic.state.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.AccountStore;
import io.imagepic.state.BucketPolicyStore;
import io.imagepic.state.DeliveryQueue;
import io.imagepic.state.InviteStore;
import io.imagepic.state.LimitStore;
import io.imagepic.state.MemberStore;
import io.imagepic.state.RefreshTokenStore;
import io.imagepic.state.ServiceTokenStore;
import io.imagepic.state.SigningKeyStore;
import io.imagepic.state.StateChanges;
import io.imagepic.state.StateEngine;
import io.imagepic.state.WebhookTargetStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

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
    private final PgAccountStore accounts;
    private final PgInviteStore invites;
    private final PgServiceTokenStore tokens;
    private final PgMemberStore members;
    private final PgPolicyStore policies;
    private final PgWebhookTargetStore targets;
    private final PgDeliveryQueue deliveries;
    private final PgLimitStore limits;
    private final PgKeyStore keys;
    private final PgRefreshTokenStore refreshTokens;

    /**
     * pool: the reactive client's (statements); listen: where the feed's own connection goes; owner: this replica's
     * id (its notices and its leases).
     */
    public PostgresState(Vertx vertx, Pool pool, PgConnectOptions listen, ObjectMapper json, String owner, Options options) {
        ObjectMapper mapper = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.sql = new Sql(pool, options.timeout());
        this.feed = new PgChanges(vertx, listen, sql, mapper, owner);
        sql.await(feed.start());
        this.accounts = new PgAccountStore(sql, feed, mapper, options.credentialCache());
        this.invites = new PgInviteStore(sql, mapper);
        this.tokens = new PgServiceTokenStore(sql, feed, mapper, options.tokenCache());
        this.members = new PgMemberStore(sql, feed, mapper, options.grantCache());
        this.policies = new PgPolicyStore(sql, feed);
        this.targets = new PgWebhookTargetStore(sql, feed, mapper);
        sql.await(targets.load());
        this.deliveries = new PgDeliveryQueue(sql);
        this.limits = new PgLimitStore(sql, mapper);
        this.keys = new PgKeyStore(sql);
        this.refreshTokens = new PgRefreshTokenStore(sql, mapper);
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
    public StateChanges changes() {
        return feed;
    }

    @Override
    public AccountStore accounts() {
        return accounts;
    }

    @Override
    public InviteStore invites() {
        return invites;
    }

    @Override
    public ServiceTokenStore serviceTokens() {
        return tokens;
    }

    @Override
    public MemberStore members() {
        return members;
    }

    @Override
    public BucketPolicyStore policies() {
        return policies;
    }

    @Override
    public WebhookTargetStore webhookTargets() {
        return targets;
    }

    @Override
    public DeliveryQueue deliveries() {
        return deliveries;
    }

    @Override
    public LimitStore limits() {
        return limits;
    }

    @Override
    public SigningKeyStore keys() {
        return keys;
    }

    @Override
    public RefreshTokenStore refreshTokens() {
        return refreshTokens;
    }

    @Override
    public void close() {
        feed.close();
    }

    static JsonObject encode(ObjectMapper json, Object value) {
        try {
            return new JsonObject(json.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T decode(ObjectMapper json, JsonObject doc, Class<T> type) {
        try {
            return json.readValue(doc.encode(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + type.getSimpleName(), e);
        }
    }

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime t = row.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}

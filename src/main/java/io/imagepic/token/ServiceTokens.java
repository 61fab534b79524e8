package io.imagepic.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.access.Caller;
import io.imagepic.access.Scope;
import io.imagepic.crypto.Secrets;
import io.imagepic.state.StateConfig;
import io.imagepic.web.ApiError;
import io.quarkus.security.AuthenticationFailedException;

/**
 * Long-lived API tokens for in-cluster callers. A token is {@code ipt_<id>_<secret>}: the id names its
 * document in the store, the 256-bit secret is checked by comparing SHA-256 hashes in constant time. A look-up
 * is one file read and one hash whether the token exists or not, and nothing is cached: a revocation (the
 * document deleted) is seen by the next request on every replica sharing the store. Blocking: worker threads.
 */
@ApplicationScoped
public class ServiceTokens {

    private static final Logger LOG = Logger.getLogger(ServiceTokens.class);
    public static final String PREFIX = "ipt_";
    private static final Pattern TOKEN = Pattern.compile("ipt_([0-9a-f]{16})_([A-Za-z0-9_-]{43})");
    private static final Pattern UUID_LIKE = Pattern
            .compile("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final ServiceTokenStore store;
    private final TokenConfig config;
    /** Decides expiry and creation times; injected so tests move time instead of waiting. */
    private final Clock clock;
    /** When this replica last wrote each token's last use (bounded by the number of tokens). */
    private final Map<String, Instant> lastWritten = new ConcurrentHashMap<>();
    /** Compared against when the id is unknown, so a miss costs what a hit does. */
    private final byte[] missHash = sha256(PREFIX + "0".repeat(16) + "_" + "A".repeat(43));

    ServiceTokens(StateConfig state, TokenConfig config, ObjectMapper json, Clock clock) {
        this.store = new ServiceTokenStore(state.dir(), json);
        this.config = config;
        this.clock = clock;
    }

    /** The credential of an authorization header value, raw or after "Bearer ". */
    public static String credential(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        return h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : h;
    }

    /** Sent as a service token (it may still be unknown or tampered with). */
    public static boolean isServiceToken(String credential) {
        return credential != null && credential.startsWith(PREFIX);
    }

    public TokenView.Created create(TokenForm form, Caller owner) {
        if (UUID_LIKE.matcher(form.name()).matches()) {
            throw ApiError.badRequest(TokenMsg.NAME_LIKE_ID); // it is recorded as the uploader
        }
        if (store.list().size() >= config.maxTokens()) {
            throw ApiError.conflict(TokenMsg.TOO_MANY, config.maxTokens());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<String> buckets = form.buckets() == null ? null : form.buckets().stream().distinct().sorted().toList();
        for (int attempt = 0; attempt < 5; attempt++) {
            String id = HexFormat.of().formatHex(Secrets.bytes(8));
            String token = PREFIX + id + "_" + Secrets.urlSafe(32);
            int maxUploads = form.maxConcurrentUploads() == null ? config.maxConcurrentUploads()
                    : form.maxConcurrentUploads();
            ServiceToken t = new ServiceToken(id, form.name(), owner.id(), owner.name(), EnumSet.copyOf(form.scopes()),
                    buckets, now, form.expiresAt(), HexFormat.of().formatHex(sha256(token)), maxUploads);
            if (store.create(t)) {
                LOG.infof("service token %s (%s) created by %s, scopes %s, buckets %s, expires %s", id, t.name(),
                        owner.name(), t.scopes().stream().map(Scope::id).toList(), buckets == null ? "all" : buckets,
                        t.expiresAt() == null ? "never" : t.expiresAt());
                return new TokenView.Created(token, id, t.name(), new TokenView.Owner(t.ownerId(), t.ownerName()),
                        t.scopes(), buckets, now, t.expiresAt(), maxUploads);
            }
        }
        throw new IllegalStateException("no free service token id after 5 attempts");
    }

    public List<TokenView> list() {
        Instant now = clock.instant();
        return store.list().stream()
                .sorted(Comparator.comparing(ServiceToken::createdAt).thenComparing(ServiceToken::id))
                .map(t -> TokenView.of(t, store.lastUsed(t.id()).orElse(null), now, config.maxConcurrentUploads()))
                .toList();
    }

    public void revoke(String id, Caller by) {
        if (id == null || !ServiceTokenStore.ID.matcher(id).matches() || !store.delete(id)) {
            throw ApiError.notFound(TokenMsg.NOT_FOUND, id);
        }
        lastWritten.remove(id);
        LOG.infof("service token %s revoked by %s", id, by.name());
    }

    /** Uploads this token may run at once per replica: its own limit, or the default for tokens minted without one. */
    public int maxConcurrentUploads(ServiceToken token) {
        return token.maxConcurrentUploads(config.maxConcurrentUploads());
    }

    /** The token's document, or AuthenticationFailedException (401) when unknown, tampered with, or expired. */
    public ServiceToken authenticate(String credential) {
        Matcher m = TOKEN.matcher(credential);
        ServiceToken t = m.matches() ? store.find(m.group(1)).orElse(null) : null;
        byte[] expected = t != null ? HexFormat.of().parseHex(t.secretHash()) : missHash;
        boolean matches = MessageDigest.isEqual(sha256(credential), expected); // constant time
        if (t == null || !matches) {
            LOG.debugf("refused an unknown or tampered service token%s", t == null ? "" : " (id " + t.id() + ")");
            throw new AuthenticationFailedException("unknown service token");
        }
        Instant now = clock.instant();
        if (t.expiredAt(now)) {
            LOG.debugf("refused expired service token %s", t.id());
            throw new AuthenticationFailedException("expired service token");
        }
        recordUse(t.id(), now);
        return t;
    }

    private void recordUse(String id, Instant now) {
        Instant last = lastWritten.get(id);
        if (last == null || !now.isBefore(last.plus(config.lastUsedResolution()))) {
            lastWritten.put(id, now);
            store.touch(id, now);
        }
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.imagepic.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.imagepic.access.Caller;
import io.imagepic.access.Scope;
import io.imagepic.crypto.Secrets;
import io.imagepic.state.ServiceToken;
import io.imagepic.state.ServiceTokenStore;
import io.imagepic.web.ApiError;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;

/**
 * Long-lived API tokens for in-cluster callers. A token is {@code ipt_<id>_<secret>}: the id names its
 * record in the store, the 256-bit secret is checked by comparing SHA-256 hashes in constant time. A look-up is one
 * store look-up (from memory, or one statement) and one hash whether the token exists or not; a revocation is seen
 * by the next request on every replica. {@link #authenticate} never blocks; the admin calls block (worker threads).
 */
@ApplicationScoped
public class ServiceTokens {

    private static final Logger LOG = Logger.getLogger(ServiceTokens.class);
    public static final String PREFIX = "ipt_";
    private static final Pattern TOKEN = Pattern.compile("ipt_([0-9a-f]{16})_([A-Za-z0-9_-]{43})");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
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

    ServiceTokens(ServiceTokenStore store, TokenConfig config, Clock clock) {
        this.store = store;
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
            ServiceToken t = new ServiceToken(id, form.name(), owner.id(), owner.name(), ids(form.scopes()), buckets, now,
                    form.expiresAt(), HexFormat.of().formatHex(sha256(token)), maxUploads);
            if (store.create(t)) {
                LOG.infof("service token %s (%s) created by %s, scopes %s, buckets %s, expires %s", id, t.name(),
                        owner.name(), t.scopes(), buckets == null ? "all" : buckets,
                        t.expiresAt() == null ? "never" : t.expiresAt());
                return new TokenView.Created(token, id, t.name(), new TokenView.Owner(t.ownerId(), t.ownerName()),
                        scopes(t), buckets, now, t.expiresAt(), maxUploads);
            }
        }
        throw new IllegalStateException("no free service token id after 5 attempts");
    }

    public List<TokenView> list() {
        Instant now = clock.instant();
        Map<String, Instant> used = store.lastUsed();
        return store.list().stream()
                .sorted(Comparator.comparing(ServiceToken::createdAt).thenComparing(ServiceToken::id))
                .map(t -> TokenView.of(t, used.get(t.id()), now, config.maxConcurrentUploads()))
                .toList();
    }

    /**
     * A removed bucket leaves every allow-list (the tokens keep their other buckets): a bucket created later under
     * its name is another one. Answers how many tokens changed. Blocking.
     */
    public int removeBucket(String bucket) {
        List<String> changed = store.removeBucket(bucket);
        if (!changed.isEmpty()) {
            LOG.infof("bucket %s left the allow-lists of service tokens %s", bucket, changed);
        }
        return changed.size();
    }

    public void revoke(String id, Caller by) {
        if (id == null || !ID.matcher(id).matches() || !store.delete(id)) {
            throw ApiError.notFound(TokenMsg.NOT_FOUND, id);
        }
        lastWritten.remove(id);
        LOG.infof("service token %s revoked by %s", id, by.name());
    }

    /** Uploads this token may run at once per replica: its own limit, or the default for tokens minted without one. */
    public int maxConcurrentUploads(ServiceToken token) {
        return token.maxConcurrentUploads(config.maxConcurrentUploads());
    }

    /**
     * The token's record, or AuthenticationFailedException (401) when unknown, tampered with, or expired. Never
     * blocks.
     */
    public Uni<ServiceToken> authenticate(String credential) {
        Matcher m = TOKEN.matcher(credential);
        if (!m.matches()) {
            return Uni.createFrom().item(() -> check(credential, null));
        }
        return store.find(m.group(1)).map(found -> check(credential, found.orElse(null)));
    }

    private ServiceToken check(String credential, ServiceToken t) {
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

    /** A use of a token answered without looking it up (verified before): recorded as any other. */
    public void recordUse(String id) {
        recordUse(id, clock.instant());
    }

    private void recordUse(String id, Instant now) {
        Instant last = lastWritten.get(id);
        if (last == null || !now.isBefore(last.plus(config.lastUsedResolution()))) {
            lastWritten.put(id, now);
            store.recordUse(id, now);
        }
    }

    /** The scopes of a stored token. */
    public static Set<Scope> scopes(ServiceToken t) {
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        t.scopes().forEach(id -> scopes.add(Scope.of(id)));
        return scopes;
    }

    private static Set<String> ids(Collection<Scope> scopes) {
        return scopes.stream().map(Scope::id).collect(java.util.stream.Collectors.toSet());
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

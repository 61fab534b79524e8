package io.imagepic.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.imagepic.crypto.Secrets;
import io.imagepic.state.AccountStore;
import io.imagepic.state.RefreshFamily;
import io.imagepic.state.RefreshTokenStore;
import io.imagepic.state.Rights;
import io.imagepic.state.User;
import io.imagepic.web.ApiError;
import io.quarkus.scheduler.Scheduled;

/**
 * "Keep me signed in". A sign-in starts a family of refresh tokens for the device; each refresh hands out an
 * access token and the family's next refresh token, and the one presented stops working (rotation). A token
 * presented again after it was replaced ends the whole family (OAuth 2.1: a stolen copy and its owner cannot
 * both go on). A token is {@code <family id>.<secret>}: random, 160 bits of secret, stored as its SHA-256 only.
 * Sign-out ends the family; a password change, a reset, disabling or demoting the account end all of its
 * families ({@link #endAll}). Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class RefreshSessions {

    private static final Logger LOG = Logger.getLogger(RefreshSessions.class);
    private static final String ID_CHARS = "abcdefghijkmnpqrstuvwxyz23456789";
    static final int ID_LENGTH = 16;
    static final int SECRET_LENGTH = 32; // base32: 160 bits

    /** An access token and the refresh token to keep for the next time, with the time it stops working. */
    public record Issued(String accessToken, String refreshToken, Instant refreshExpires, User user) {
    }

    private final RefreshTokenStore store;
    private final AccountStore users;
    private final TokenIssuer tokens;
    private final AuthConfig.Sessions config;
    private final Clock clock;

    RefreshSessions(RefreshTokenStore store, AccountStore users, TokenIssuer tokens, AuthConfig config, Clock clock) {
        this.store = store;
        this.users = users;
        this.tokens = tokens;
        this.config = config.sessions();
        this.clock = clock;
    }

    /** A new family for a device whose person just signed in (the password was checked). */
    public Issued start(User user, String accessToken, String device) {
        Instant now = clock.instant();
        for (int attempt = 0; attempt < 5; attempt++) {
            String id = Secrets.of(ID_CHARS, ID_LENGTH);
            String secret = Secrets.of(ID_CHARS, SECRET_LENGTH);
            Instant endsAt = now.plus(config.maxLifetime());
            Instant expires = min(now.plus(config.lifetime()), endsAt);
            RefreshFamily family = new RefreshFamily(id, user.id(), user.phone(), user.credentialVersion(), hash(secret),
                    List.of(), now, now, expires, endsAt, device);
            if (store.create(family)) {
                LOG.infof("session %s started for %s", id, user.phone());
                return new Issued(accessToken, id + "." + secret, expires, user);
            }
        }
        throw new IllegalStateException("no free session id after 5 attempts");
    }

    /**
     * The next access and refresh token for the refresh token presented; 401 when it is unknown, expired, already
     * replaced (which ends its family) or its account changed (password, disabled).
     */
    public Issued refresh(String refreshToken) {
        Parsed p = parse(refreshToken).orElseThrow(RefreshSessions::refused);
        Instant now = clock.instant();
        String secret = Secrets.of(ID_CHARS, SECRET_LENGTH);
        RefreshTokenStore.Rotation rotation = store.rotate(p.id(), hash(p.secret()), hash(secret), now,
                now.plus(config.lifetime()));
        switch (rotation.outcome()) {
            case REUSED -> {
                LOG.warnf("session %s: a replaced refresh token was presented again; the session is ended", p.id());
                throw refused();
            }
            case UNKNOWN -> throw refused();
            default -> {
                // rotated
            }
        }
        RefreshFamily family = rotation.family();
        User user = users.find(family.phone()).orElse(null);
        Rights rights = users.rights();
        if (user == null || !user.id().equals(family.userId()) || user.credentialVersion() != family.credentialVersion()
                || user.temporary() || rights.isDisabled(user.id())) {
            store.revoke(family.id()); // the account changed since: this device signs in again
            throw refused();
        }
        return new Issued(tokens.issue(user, rights.isAdmin(user.id())), p.id() + "." + secret, family.expiresAt(), user);
    }

    /** Sign-out: ends the family of this refresh token, if it is one. */
    public void end(String refreshToken) {
        parse(refreshToken).ifPresent(p -> {
            Optional<RefreshFamily> family = store.find(p.id());
            // only the holder of a token of the family may end it (an id alone is no proof)
            if (family.isPresent() && (family.get().currentHash().equals(hash(p.secret()))
                    || family.get().usedHashes().contains(hash(p.secret())))) {
                store.revoke(p.id());
                LOG.infof("session %s ended (signed out)", p.id());
            }
        });
    }

    /** Ends every session of the account: its refresh tokens stop working on every device. */
    public void endAll(String userId, String why) {
        int ended = store.revokeAll(userId);
        if (ended > 0) {
            LOG.infof("%d session(s) of %s ended: %s", ended, userId, why);
        }
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        int dropped = store.sweep(clock.instant());
        if (dropped > 0) {
            LOG.debugf("%d expired session(s) dropped", dropped);
        }
    }

    private record Parsed(String id, String secret) {
    }

    private static Optional<Parsed> parse(String token) {
        if (token == null || token.length() != ID_LENGTH + 1 + SECRET_LENGTH || token.charAt(ID_LENGTH) != '.') {
            return Optional.empty();
        }
        for (int i = 0; i < token.length(); i++) {
            if (i != ID_LENGTH && ID_CHARS.indexOf(token.charAt(i)) < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(new Parsed(token.substring(0, ID_LENGTH), token.substring(ID_LENGTH + 1)));
    }

    private static ApiError refused() {
        return ApiError.failed(ApiError.Kind.UNAUTHORIZED, AccountMsg.SESSION_ENDED);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}

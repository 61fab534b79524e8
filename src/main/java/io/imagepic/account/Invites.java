package io.imagepic.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.imagepic.access.Caller;
import io.imagepic.crypto.Secrets;
import io.imagepic.state.Invite;
import io.imagepic.state.InviteStore;
import io.imagepic.web.ApiError;
import io.quarkus.scheduler.Scheduled;

/**
 * Invite codes for registration mode {@code invite}. A code is an 8-character id (names the file) and a
 * 26-character secret, both base32 (130 random bits in the secret); the store keeps its SHA-256. A code works
 * once across replicas: it is redeemed in the same step that creates the account
 * ({@link io.imagepic.state.AccountStore#create}), and a revoked invite never comes back. Blocking: call it from a
 * worker thread.
 */
@ApplicationScoped
public class Invites {

    private static final Logger LOG = Logger.getLogger(Invites.class);
    private static final String BASE32 = "abcdefghijkmnpqrstuvwxyz23456789"; // 32 letters and digits, no l, o, 0, 1
    static final int ID_LENGTH = 8;
    static final int CODE_LENGTH = ID_LENGTH + 26;
    /** What the console's registration page is called with. */
    static final String LINK = "/#/signin?mode=register&invite=";

    private final InviteStore store;
    private final AuthConfig.Invites config;
    private final Clock clock;
    /** Compared against when the id is unknown, so a miss costs what a hit does. */
    private final byte[] missHash = sha256("-".repeat(CODE_LENGTH));

    Invites(InviteStore store, AuthConfig config, Clock clock) {
        this.store = store;
        this.config = config.invites();
        this.clock = clock;
    }

    public InviteView.Created create(InviteForm form, Caller admin) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = form == null || form.expiresAt() == null ? now.plus(config.lifetime()) : form.expiresAt();
        if (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(config.maxLifetime()))) {
            throw ApiError.badRequest(AccountMsg.INVITE_EXPIRY, config.maxLifetime().toDays());
        }
        if (open(now).size() >= config.maxOpen()) {
            throw ApiError.conflict(AccountMsg.TOO_MANY_INVITES, config.maxOpen());
        }
        String note = form == null ? null : form.note();
        for (int attempt = 0; attempt < 5; attempt++) {
            String id = randomText(ID_LENGTH);
            String code = id + randomText(CODE_LENGTH - ID_LENGTH);
            Invite invite = new Invite(id, HexFormat.of().formatHex(sha256(code)), note, admin.id(), admin.name(), now,
                    expiresAt);
            if (store.create(invite)) {
                LOG.infof("invite %s created by %s, expires %s", id, admin.name(), expiresAt);
                return new InviteView.Created(code, LINK + code, id, note, admin.name(), now, expiresAt);
            }
        }
        throw new IllegalStateException("no free invite id after 5 attempts");
    }

    /** The unused, unexpired invites, oldest first. */
    public List<InviteView> list() {
        return open(clock.instant()).stream().map(InviteView::of).toList();
    }

    public void revoke(String id, Caller by) {
        if (id == null || !validId(id) || !store.delete(id)) {
            throw ApiError.notFound(AccountMsg.NO_SUCH_INVITE, id);
        }
        LOG.infof("invite %s revoked by %s", id, by.name());
    }

    /** The invite this code names, if it is known, unused and unexpired; the same refusal for all else. */
    public Invite check(String code) {
        Invite invite = null;
        if (code != null && code.length() == CODE_LENGTH && validId(code.substring(0, ID_LENGTH))) {
            invite = store.find(code.substring(0, ID_LENGTH)).orElse(null);
        }
        byte[] expected = invite != null ? HexFormat.of().parseHex(invite.codeHash()) : missHash;
        boolean matches = MessageDigest.isEqual(sha256(code == null ? "" : code), expected); // constant time
        if (invite == null || !matches || invite.expiredAt(clock.instant())) {
            throw ApiError.failed(ApiError.Kind.FORBIDDEN, AccountMsg.INVITE_INVALID);
        }
        return invite;
    }

    /** Drops expired invites. Every replica may run it: a delete happens once. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        Instant now = clock.instant();
        store.all().stream().filter(i -> i.expiredAt(now)).forEach(i -> {
            if (store.delete(i.id())) {
                LOG.debugf("invite %s expired", i.id());
            }
        });
    }

    private List<Invite> open(Instant now) {
        return store.all().stream().filter(i -> !i.expiredAt(now))
                .sorted(Comparator.comparing(Invite::createdAt).thenComparing(Invite::id)).toList();
    }

    private static boolean validId(String id) {
        if (id.length() != ID_LENGTH) {
            return false;
        }
        for (char c : id.toCharArray()) {
            if (BASE32.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private String randomText(int length) {
        return Secrets.of(BASE32, length);
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

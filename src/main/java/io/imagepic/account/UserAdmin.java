package io.imagepic.account;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.imagepic.access.Caller;
import io.imagepic.crypto.Secrets;
import io.imagepic.state.AccountStore;
import io.imagepic.state.LastAdminException;
import io.imagepic.state.Rights;
import io.imagepic.state.User;
import io.imagepic.web.ApiError;

/**
 * What admins do to accounts: list them, grant and revoke admin rights, disable and enable, reset passwords.
 * Admin rights and the disabled flag are changed in the account store (checked and committed in one step, so
 * the last enabled admin always stays); the tokens of a disabled account stop at the next request, and its credential version
 * goes up
 * so they never come back. Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class UserAdmin {

    private static final Logger LOG = Logger.getLogger(UserAdmin.class);
    private static final String TEMPORARY_CHARS = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final AccountStore store;
    private final PasswordHashing hashing;
    private final AuthConfig config;
    private final RefreshSessions sessions;
    private final Clock clock;

    UserAdmin(AccountStore store, PasswordHashing hashing, AuthConfig config, RefreshSessions sessions, Clock clock) {
        this.sessions = sessions;
        this.store = store;
        this.hashing = hashing;
        this.config = config;
        this.clock = clock;
    }

    /** Every account, oldest first. */
    public List<UserView> list() {
        Rights now = store.rights();
        return store.all().stream()
                .sorted(Comparator.comparing(User::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(User::phone))
                .map(u -> UserView.of(u, now)).toList();
    }

    public UserView get(String phone) {
        return UserView.of(user(phone), store.rights());
    }

    public UserView setAdmin(String phone, boolean admin, Caller by) {
        User user = user(phone);
        if (lastAdminKept(() -> store.setAdmin(user.id(), admin))) {
            LOG.infof("%s %s admin rights of %s", by.name(), admin ? "granted" : "revoked", phone);
            if (!admin) {
                sessions.endAll(user.id(), "admin rights revoked"); // a kept session would carry on as before
            }
        }
        return get(phone);
    }

    public UserView setDisabled(String phone, boolean disabled, Caller by) {
        User user = user(phone);
        if (lastAdminKept(() -> store.setDisabled(user.id(), disabled))) {
            // Disabled: refused from the next request on (CredentialCheck reads the flag). The new credential
            // version makes sure the tokens issued before never work again, also after enabling.
            Instant now = clock.instant();
            store.update(phone, u -> u.withNewCredentialVersion(now));
            sessions.endAll(user.id(), disabled ? "account disabled" : "account enabled");
            LOG.infof("%s %s the account of %s", by.name(), disabled ? "disabled" : "enabled", phone);
        }
        return get(phone);
    }

    /** Sets the password given, or generates a temporary one (answered once); tokens issued before stop working. */
    public UserView.PasswordReset resetPassword(String phone, PasswordForm form, Caller by) {
        User user = user(phone);
        Instant now = clock.instant();
        sessions.endAll(user.id(), "password reset by an admin");
        if (form != null && form.npwd() != null) {
            String hash = hashing.hash(form.npwd());
            store.update(phone, u -> u.withPassword(hash, now));
            LOG.infof("%s set a new password for %s", by.name(), phone);
            return new UserView.PasswordReset(phone, null, null);
        }
        String temporary = temporaryPassword();
        String hash = hashing.hash(temporary);
        Instant expiresAt = now.plus(config.temporaryPasswordLifetime()).truncatedTo(ChronoUnit.SECONDS);
        store.update(phone, u -> u.withTemporaryPassword(hash, now, expiresAt));
        LOG.infof("%s generated a temporary password for %s, valid until %s", by.name(), phone, expiresAt);
        return new UserView.PasswordReset(phone, temporary, expiresAt);
    }

    /** The change, or 409 when it would leave no enabled admin. */
    private static boolean lastAdminKept(java.util.function.BooleanSupplier change) {
        try {
            return change.getAsBoolean();
        } catch (LastAdminException e) {
            throw ApiError.conflict(AccountMsg.LAST_ADMIN);
        }
    }

    private User user(String phone) {
        if (phone == null || !AccountForms.PHONE.matcher(phone).matches()) {
            throw ApiError.notFound(AccountMsg.NO_SUCH_USER, phone == null ? "" : phone);
        }
        return store.find(phone).orElseThrow(() -> ApiError.notFound(AccountMsg.NO_SUCH_USER, phone));
    }

    /** 16 letters and digits (about 93 bits), within the password rules. */
    private String temporaryPassword() {
        return Secrets.of(TEMPORARY_CHARS, 16);
    }
}

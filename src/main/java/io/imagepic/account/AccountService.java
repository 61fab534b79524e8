package io.imagepic.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.account.AccountForms.Change;
import io.imagepic.account.AccountForms.Login;
import io.imagepic.account.AccountForms.Registration;
import io.imagepic.state.AccountStore;
import io.imagepic.state.Invite;
import io.imagepic.state.User;
import io.imagepic.web.ApiError;
import io.imagepic.web.Message;

/**
 * Register, log in and change password, with the abuse limits: attempts are counted per phone and per client
 * address before any bcrypt runs ({@link Throttle}), and bcrypt runs on its own bounded pool
 * ({@link PasswordHashing}). Blocking (bcrypt, the account store): runs on worker threads.
 */
@ApplicationScoped
public class AccountService {

    private static final Logger LOG = Logger.getLogger(AccountService.class);

    private final AccountStore store;
    private final TokenIssuer tokens;
    private final Throttle throttle;
    private final PasswordHashing hashing;
    private final Invites invites;
    private final AuthConfig config;
    private final AccountForms forms;
    private final RefreshSessions sessions;
    private final Clock clock;
    private final Throttle.Policy loginPhone;
    private final Throttle.Policy loginAddress;
    private final Throttle.Policy registerAddress;

    AccountService(AccountStore store, TokenIssuer tokens, Throttle throttle, PasswordHashing hashing,
            Invites invites, AuthConfig config, ObjectMapper json, RefreshSessions sessions, Clock clock) {
        this.sessions = sessions;
        this.store = store;
        this.tokens = tokens;
        this.throttle = throttle;
        this.hashing = hashing;
        this.invites = invites;
        this.config = config;
        this.clock = clock;
        this.forms = new AccountForms(json, config);
        AuthConfig.Login login = config.login();
        this.loginPhone = new Throttle.Policy("login-phone", login.maxFailures(), login.window(), login.delay(),
                login.maxDelay());
        AuthConfig.Address address = login.address();
        this.loginAddress = new Throttle.Policy("login-address", address.maxFailures(), address.window(), address.delay(),
                address.maxDelay());
        AuthConfig.Registrations reg = config.registrations();
        this.registerAddress = new Throttle.Policy("register-address", reg.max(), reg.window(), reg.delay(),
                reg.maxDelay());
    }

    /**
     * Registration by anyone, as the registration mode allows: {@code open}, {@code invite} (with an unused
     * invite's code, used up by this registration) or {@code closed}. In {@code open} mode a code given is
     * checked and used up as well. Counted per client address.
     */
    public void register(byte[] body, String address) {
        Registration r = forms.registration(body);
        AuthConfig.Registration mode = config.registration();
        if (mode == AuthConfig.Registration.CLOSED) {
            throw ApiError.failed(ApiError.Kind.FORBIDDEN, AccountMsg.CLOSED);
        }
        if (mode == AuthConfig.Registration.INVITE && r.invite() == null) {
            throw ApiError.failed(ApiError.Kind.FORBIDDEN, AccountMsg.INVITE_NEEDED);
        }
        Throttle.Ticket ticket = take(registerAddress, address, AccountMsg.REGISTERING_TOO_OFTEN);
        // An invite given is honoured in open mode too: checked, and used up with the registration, so the
        // admin who sent it sees it used (and its link cannot register a second account).
        Invite invite = mode == AuthConfig.Registration.INVITE || r.invite() != null ? invites.check(r.invite()) : null;
        if (store.find(r.phone()).isPresent()) {
            throw ApiError.conflict(AccountMsg.REGISTERED); // before the invite is used up
        }
        String hash;
        try {
            hash = hashing.hash(r.upwd());
        } catch (ApiError busy) {
            throttle.refund(ticket); // refused before any work: not counted
            throw busy;
        }
        User user = newUser(r, hash);
        // the account and the invite's redemption in one step: a failed registration leaves the invite as it was
        switch (store.create(user, invite == null ? null : invite.id())) {
            case PHONE_TAKEN -> throw ApiError.conflict(AccountMsg.REGISTERED);
            case INVITE_GONE -> throw ApiError.failed(ApiError.Kind.FORBIDDEN, AccountMsg.INVITE_INVALID); // used meanwhile
            case CREATED -> {
            }
        }
        LOG.infof("registered %s (%s)%s", r.phone(), user.id(), invite != null ? " with invite " + invite.id() : "");
    }

    /** An account created by an admin: whatever the registration mode, not counted per address. */
    public void registerByAdmin(byte[] body, String adminName) {
        Registration r = forms.registration(body);
        if (store.find(r.phone()).isPresent()) {
            throw ApiError.conflict(AccountMsg.REGISTERED);
        }
        User user = newUser(r, hashing.hash(r.upwd()));
        if (store.create(user, null) != AccountStore.Registration.CREATED) {
            throw ApiError.conflict(AccountMsg.REGISTERED);
        }
        LOG.infof("registered %s (%s) by admin %s", r.phone(), user.id(), adminName);
    }

    public String login(byte[] body, String address) {
        return signIn(body, address).token();
    }

    /** Who signed in, and their access token. */
    public record SignedIn(User user, String token) {
    }

    /** The seed's login: the password checked (with the limits), a token for the account. */
    public SignedIn signIn(byte[] body, String address) {
        Login l = forms.login(body);
        User user = checkPassword(l.phone(), l.upwd(), address);
        if (user.temporary()) {
            throw ApiError.failed(ApiError.Kind.FORBIDDEN, AccountMsg.TEMPORARY);
        }
        return new SignedIn(user, tokens.issue(user, store.rights().isAdmin(user.id())));
    }

    /** Changes the password; every token issued before stops working. Answers a fresh token. */
    public String change(byte[] body, String address) {
        Change c = forms.change(body);
        User user = checkPassword(c.phone(), c.opwd(), address);
        String hash = hashing.hash(c.npwd());
        Instant now = clock.instant();
        // Only over the document whose password was just checked: a change made meanwhile (another change, an
        // admin's reset) wins, and this one is answered as a wrong old password.
        User changed = store.update(c.phone(), u -> u.credentialVersion() == user.credentialVersion()
                && u.passwordHash().equals(user.passwordHash()) ? u.withPassword(hash, now) : u)
                .filter(u -> u.credentialVersion() == user.credentialVersion() + 1 && u.passwordHash().equals(hash))
                .orElseThrow(() -> ApiError.failed(ApiError.Kind.UNAUTHORIZED, AccountMsg.WRONG_PASSWORD));
        LOG.infof("password changed for %s, credential version %d", c.phone(), changed.credentialVersion());
        sessions.endAll(changed.id(), "password changed");
        return tokens.issue(changed, store.rights().isAdmin(changed.id()));
    }

    /**
     * The account, if the password is right, it is not disabled, and neither the phone nor the address is held
     * back. Both are counted before bcrypt runs; a success forgets the phone's failures and gives the address
     * its attempt back.
     */
    private User checkPassword(String phone, String password, String address) {
        Throttle.Ticket byAddress = take(loginAddress, address, AccountMsg.LOCKED);
        Throttle.Ticket byPhone;
        try {
            byPhone = throttle.take(loginPhone, phone);
        } catch (Throttle.HeldBack held) {
            throttle.refund(byAddress);
            throw tooMany(AccountMsg.LOCKED, held.retryAfter());
        }
        // The seed tells an unknown phone ("失败") from a wrong password ("密码不正确"); register says "已注册"
        // for a taken phone anyway, so hiding it would protect nothing. Both count towards the limits.
        User user = store.find(phone).orElse(null);
        if (user == null) {
            LOG.infof("login for unknown phone %s from %s", phone, address);
            throw ApiError.failed(ApiError.Kind.UNAUTHORIZED, AccountMsg.NO_ACCOUNT);
        }
        boolean ok;
        try {
            ok = hashing.matches(password, user.passwordHash());
        } catch (ApiError busy) {
            throttle.refund(byAddress); // refused before any check: not counted
            throttle.refund(byPhone);
            throw busy;
        }
        if (ok && user.temporary() && user.passwordExpiredAt(clock.instant())) {
            ok = false; // an expired temporary password is no password
        }
        if (!ok) {
            LOG.infof("failed password check for %s from %s", phone, address);
            throw ApiError.failed(ApiError.Kind.UNAUTHORIZED, AccountMsg.WRONG_PASSWORD);
        }
        throttle.reset(loginPhone, phone);
        throttle.refund(byAddress);
        if (store.rights().isDisabled(user.id())) {
            throw ApiError.failed(ApiError.Kind.FORBIDDEN, AccountMsg.DISABLED);
        }
        return user;
    }

    private Throttle.Ticket take(Throttle.Policy policy, String key, Message refusal) {
        try {
            return throttle.take(policy, key);
        } catch (Throttle.HeldBack held) {
            LOG.debugf("%s: refused %s for %s", policy.name(), key, held.retryAfter());
            throw tooMany(refusal, held.retryAfter());
        }
    }

    private static ApiError tooMany(Message reason, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return ApiError.failed(ApiError.Kind.TOO_MANY_REQUESTS, reason, seconds).retryAfter(Duration.ofSeconds(seconds));
    }

    private User newUser(Registration r, String hash) {
        Instant now = clock.instant();
        return new User(UUID.randomUUID().toString(), r.phone(), r.name(), r.tfs(), r.email(), hash, 1, now, now);
    }
}

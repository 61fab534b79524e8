package io.imagepic.account;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.access.Roles;
import io.imagepic.account.AccountForms.Change;
import io.imagepic.account.AccountForms.Login;
import io.imagepic.account.AccountForms.Registration;
import io.imagepic.web.ApiError;
import io.quarkus.elytron.security.common.BcryptUtil;

/** Register, log in and change password. Blocking (bcrypt, file store): runs on worker threads. */
@ApplicationScoped
public class AccountService {

    private static final Logger LOG = Logger.getLogger(AccountService.class);

    private final UserStore store;
    private final TokenIssuer tokens;
    private final LoginThrottle throttle;
    private final AuthConfig config;
    private final AccountForms forms;
    /** Serialises password changes of one phone within this replica (striped, so memory stays bounded). */
    private final Object[] changeLocks = new Object[64];

    AccountService(UserStore store, TokenIssuer tokens, LoginThrottle throttle, AuthConfig config, ObjectMapper json) {
        this.store = store;
        this.tokens = tokens;
        this.throttle = throttle;
        this.config = config;
        this.forms = new AccountForms(json, config);
        for (int i = 0; i < changeLocks.length; i++) {
            changeLocks[i] = new Object();
        }
    }

    /** {@code byAdmin}: created through the admin route, allowed when registration is closed. */
    public void register(byte[] body, boolean byAdmin) {
        Registration r = forms.registration(body);
        boolean bootstrapAdmin = tokens.rolesOf(r.phone()).contains(Roles.ADMIN);
        if (config.registration() == AuthConfig.Registration.CLOSED && !byAdmin && !bootstrapAdmin) {
            throw ApiError.failed(ApiError.Kind.FORBIDDEN, AccountMsg.CLOSED);
        }
        Instant now = Instant.now();
        User user = new User(UUID.randomUUID().toString(), r.phone(), r.name(), r.tfs(), r.email(),
                BcryptUtil.bcryptHash(r.upwd(), config.bcryptCost()), 1, now, now);
        if (!store.create(user)) {
            throw ApiError.conflict(AccountMsg.REGISTERED);
        }
        LOG.infof("registered %s (%s)", r.phone(), user.id());
    }

    public String login(byte[] body) {
        Login l = forms.login(body);
        User user = checkPassword(l.phone(), l.upwd());
        return tokens.issue(user);
    }

    /** Changes the password; every token issued before stops working. Answers a fresh token. */
    public String change(byte[] body) {
        Change c = forms.change(body);
        synchronized (changeLocks[Math.floorMod(c.phone().hashCode(), changeLocks.length)]) {
            User user = checkPassword(c.phone(), c.opwd());
            User changed = user.withPassword(BcryptUtil.bcryptHash(c.npwd(), config.bcryptCost()), Instant.now());
            store.update(changed);
            LOG.infof("password changed for %s, credential version %d", c.phone(), changed.credentialVersion());
            return tokens.issue(changed);
        }
    }

    private User checkPassword(String phone, String password) {
        OptionalLong locked = throttle.lockedFor(phone);
        if (locked.isPresent()) {
            throw new ApiError(ApiError.Kind.TOO_MANY_REQUESTS, AccountMsg.LOCKED, locked.getAsLong())
                    .retryAfter(Duration.ofSeconds(locked.getAsLong()));
        }
        // The seed tells an unknown phone ("失败") from a wrong password ("密码不正确"); register says "已注册"
        // for a taken phone anyway, so hiding it would protect nothing. Both count towards the lockout.
        User user = store.find(phone).orElse(null);
        if (user == null || !BcryptUtil.matches(password, user.passwordHash())) {
            throttle.failed(phone);
            LOG.infof("failed password check for %s", phone);
            throw ApiError.failed(ApiError.Kind.UNAUTHORIZED, user == null ? AccountMsg.NO_ACCOUNT : AccountMsg.WRONG_PASSWORD);
        }
        throttle.succeeded(phone);
        return user;
    }
}

package io.imagepic.account;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.imagepic.state.AccountStore;
import io.imagepic.state.User;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates the first admin from {@code imagepic.admin.phone} / {@code imagepic.admin.password} at start, when no
 * account has that phone. Replicas starting together agree: the account is created exclusively, and only the
 * replica that created it grants the rights. An existing account with that phone becomes an admin only while no
 * enabled admin exists and its password is the configured one: that finishes a first start that died between
 * the two steps, and is the way over from the removed {@code imagepic.auth.admin-phones} setting. Registering
 * the phone makes nobody an admin.
 */
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    void start(@Observes @Priority(10) StartupEvent event, AdminConfig admin, AuthConfig config, AccountStore store,
            Clock clock) {
        if (admin.phone().isPresent() != admin.password().isPresent()) {
            throw new IllegalStateException("set both imagepic.admin.phone and imagepic.admin.password, or neither");
        }
        if (admin.phone().isEmpty()) {
            if (store.rights().enabledAdmins() == 0) {
                LOG.warn("there is no admin: set imagepic.admin.phone and imagepic.admin.password "
                        + "(IMAGEPIC_ADMIN_PHONE, IMAGEPIC_ADMIN_PASSWORD) to create the first one");
            }
            return;
        }
        String phone = admin.phone().get().trim();
        String password = admin.password().get();
        if (!AccountForms.PHONE.matcher(phone).matches()) {
            throw new IllegalStateException("imagepic.admin.phone is not a valid mobile phone number");
        }
        if (!AccountForms.PASSWORD.matcher(password).matches()) {
            // never the password itself in the message
            throw new IllegalStateException("imagepic.admin.password must be 6-20 characters: letters, digits or _!@#$%^&*");
        }
        User existing = store.find(phone).orElse(null);
        if (existing == null) {
            Instant now = clock.instant();
            User user = new User(UUID.randomUUID().toString(), phone, "admin", null, null,
                    BcryptUtil.bcryptHash(password, config.bcryptCost()), 1, now, now);
            if (store.create(user, null) == AccountStore.Registration.CREATED) {
                store.setAdmin(user.id(), true);
                LOG.infof("created the first admin %s", phone);
                return;
            }
            existing = store.find(phone).orElseThrow(); // another replica created it just now
        }
        if (store.rights().isAdmin(existing.id())) {
            return;
        }
        if (store.rights().enabledAdmins() == 0 && BcryptUtil.matches(password, existing.passwordHash())
                && store.makeFirstAdmin(existing.id())) {
            LOG.infof("made %s an admin: no admin existed, and its password is imagepic.admin.password", phone);
        } else if (store.rights().enabledAdmins() == 0) {
            LOG.warnf("imagepic.admin.phone %s is an account with another password, so it was not made an admin "
                    + "and there is no admin: name another phone", phone);
        } else {
            LOG.debugf("imagepic.admin.phone %s is an account but no admin: admins decide that now", phone);
        }
    }
}

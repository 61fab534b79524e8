package io.imagepic.account;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.Codec;
import io.imagepic.state.VersionedStore;

/**
 * Accounts in a {@link VersionedStore} ({@code <state>/users/<phone>/}): a registration is an exclusive create
 * (of two replicas registering one phone, one wins), and every change (password, credential version) is a
 * read-modify-write that never loses another replica's change, e.g. an admin disabling an account while its
 * owner changes the password. Accounts of the previous release ({@code auth_<phone>.json}) are taken over the
 * first time they are looked up. Blocking: call it from a worker thread.
 */
class VersionedUserStore implements UserStore {

    private static final Logger LOG = Logger.getLogger(VersionedUserStore.class);

    private final VersionedStore<User> users;
    private final FileUserStore legacy;

    /** clock: the file system's (real) time, which the store compares with file stamps. */
    VersionedUserStore(Path stateDir, ObjectMapper json, Clock clock) {
        this.users = new VersionedStore<>(stateDir.resolve("users"), Codec.json(json, User.class), clock);
        this.legacy = new FileUserStore(stateDir, json);
    }

    @Override
    public Optional<User> find(String phone) {
        VersionedStore.Versioned<User> current = users.read(phone);
        if (current.version() > 0) {
            return current.optional();
        }
        Optional<User> old = legacy.find(phone);
        if (old.isEmpty()) {
            return Optional.empty();
        }
        // Whoever reads it first takes it over; the others lose the compare-and-set and read that.
        if (users.compareAndSet(phone, 0, old.get())) {
            LOG.infof("took over the account of %s from the previous release's store", phone);
        }
        return users.get(phone);
    }

    @Override
    public boolean create(User user) {
        if (find(user.phone()).isPresent()) {
            return false;
        }
        Optional<User> stored = users.update(user.phone(), current -> current.isPresent() ? current : Optional.of(user));
        return stored.isPresent() && stored.get() == user;
    }

    @Override
    public Optional<User> update(String phone, UnaryOperator<User> change) {
        if (find(phone).isEmpty()) {
            return Optional.empty();
        }
        return users.update(phone, current -> current.map(change));
    }

    @Override
    public List<User> all() {
        Set<String> phones = new LinkedHashSet<>(users.keys());
        phones.addAll(legacy.phones());
        List<User> all = new ArrayList<>();
        for (String phone : phones) {
            find(phone).ifPresent(all::add);
        }
        return all;
    }
}

package io.imagepic.state.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.AccountStore;
import io.imagepic.state.Credential;
import io.imagepic.state.LastAdminException;
import io.imagepic.state.LocalStateChanges;
import io.imagepic.state.Rights;
import io.imagepic.state.StateChange;
import io.imagepic.state.User;
import io.smallrye.mutiny.Uni;

/**
 * Accounts as {@code users/<phone>/<version>} and rights as {@code roles/accounts/<version>}, indexed by phone and
 * id in memory. Accounts of the release before those ({@code auth_<phone>.json} in the state directory) are taken
 * over at start and left in place for a rollback.
 */
final class FileAccountStore implements AccountStore {

    private static final Logger LOG = Logger.getLogger(FileAccountStore.class);
    private static final Pattern LEGACY = Pattern.compile("auth_([0-9A-Za-z_-]{1,64})\\.json");
    private static final String RIGHTS_KEY = "accounts";

    private record Entry(long version, User user) {
    }

    private final Path users;
    private final Path rightsDir;
    private final ObjectMapper json;
    private final FileInviteStore invites;
    private final LocalStateChanges changes;
    private final Map<String, Entry> byPhone = new ConcurrentHashMap<>();
    private final Map<String, String> phoneById = new ConcurrentHashMap<>();
    private volatile Rights rights = Rights.NONE;
    private long rightsVersion;

    FileAccountStore(Path stateDir, ObjectMapper json, FileInviteStore invites, LocalStateChanges changes)
            throws IOException {
        this.users = stateDir.resolve("users");
        this.rightsDir = stateDir.resolve("roles").resolve(RIGHTS_KEY);
        this.json = json;
        this.invites = invites;
        this.changes = changes;
        Files.createDirectories(users);
        Fs.removeTempFiles(users);
        try (DirectoryStream<Path> keys = Files.newDirectoryStream(users, Files::isDirectory)) {
            for (Path keyDir : keys) {
                String phone = Names.decode(keyDir.getFileName().toString());
                Optional<VersionFiles.Current> current = phone == null ? Optional.empty() : VersionFiles.read(keyDir);
                if (current.isPresent() && !current.get().deleted()) {
                    index(new Entry(current.get().version(), json.readValue(current.get().bytes(), User.class)));
                }
            }
        }
        takeOverLegacy(stateDir);
        Files.createDirectories(rightsDir.getParent());
        Fs.removeTempFiles(rightsDir.getParent());
        Optional<VersionFiles.Current> r = VersionFiles.read(rightsDir);
        if (r.isPresent()) {
            rightsVersion = r.get().version();
            rights = r.get().deleted() ? Rights.NONE : json.readValue(r.get().bytes(), Rights.class);
        }
    }

    @Override
    public Uni<Optional<Credential>> credential(String phone) {
        Entry e = phone == null ? null : byPhone.get(phone);
        if (e == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        Rights now = rights;
        User u = e.user();
        return Uni.createFrom().item(Optional.of(new Credential(u.id(), u.phone(), u.credentialVersion(),
                now.isAdmin(u.id()), now.isDisabled(u.id()))));
    }

    @Override
    public Optional<User> find(String phone) {
        Entry e = phone == null ? null : byPhone.get(phone);
        return e == null ? Optional.empty() : Optional.of(e.user());
    }

    @Override
    public Optional<User> findById(String id) {
        String phone = id == null ? null : phoneById.get(id);
        return phone == null ? Optional.empty() : find(phone);
    }

    @Override
    public Map<String, User> findByIds(Collection<String> ids) {
        Map<String, User> found = new HashMap<>();
        for (String id : ids) {
            findById(id).ifPresent(u -> found.put(id, u));
        }
        return found;
    }

    @Override
    public List<User> all() {
        List<User> all = new ArrayList<>(byPhone.size());
        byPhone.values().forEach(e -> all.add(e.user()));
        return all;
    }

    @Override
    public Registration create(User user, String inviteId) {
        synchronized (this) {
            if (byPhone.containsKey(user.phone())) {
                return Registration.PHONE_TAKEN;
            }
            // The invite goes first: a crash between the two steps loses an invite, never brings one back.
            if (inviteId != null && !invites.redeem(inviteId)) {
                return Registration.INVITE_GONE;
            }
            write(new Entry(highestOnDisk(user.phone()) + 1, user));
        }
        changes.publish(new StateChange.AccountChanged(user.id(), user.phone()));
        return Registration.CREATED;
    }

    @Override
    public Optional<User> update(String phone, UnaryOperator<User> change) {
        User next;
        synchronized (this) {
            Entry current = byPhone.get(phone);
            if (current == null) {
                return Optional.empty();
            }
            next = change.apply(current.user());
            if (next == current.user()) {
                return Optional.of(next);
            }
            if (!next.phone().equals(phone) || !next.id().equals(current.user().id())) {
                throw new IllegalArgumentException("an account's phone and id never change");
            }
            write(new Entry(current.version() + 1, next));
        }
        changes.publish(new StateChange.AccountChanged(next.id(), next.phone()));
        return Optional.of(next);
    }

    @Override
    public Rights rights() {
        return rights;
    }

    @Override
    public boolean setAdmin(String userId, boolean admin) {
        return changeRights(userId, r -> r.isAdmin(userId) == admin ? r : refuseWithoutAdmin(r, r.withAdmin(userId, admin)));
    }

    @Override
    public boolean setDisabled(String userId, boolean disabled) {
        return changeRights(userId,
                r -> r.isDisabled(userId) == disabled ? r : refuseWithoutAdmin(r, r.withDisabled(userId, disabled)));
    }

    @Override
    public boolean makeFirstAdmin(String userId) {
        return changeRights(userId, r -> r.enabledAdmins() > 0 ? r : r.withDisabled(userId, false).withAdmin(userId, true));
    }

    private boolean changeRights(String userId, UnaryOperator<Rights> change) {
        synchronized (this) {
            Rights before = rights;
            Rights after = change.apply(before);
            if (after == before) {
                return false;
            }
            try {
                VersionFiles.write(rightsDir, rightsVersion + 1, json.writeValueAsBytes(after));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + rightsDir, e);
            }
            rightsVersion++;
            rights = after;
        }
        changes.publish(new StateChange.AccountChanged(userId, findById(userId).map(User::phone).orElse(null)));
        return true;
    }

    private static Rights refuseWithoutAdmin(Rights before, Rights after) {
        if (before.enabledAdmins() > 0 && after.enabledAdmins() == 0) {
            throw new LastAdminException();
        }
        return after;
    }

    private void write(Entry e) {
        Path keyDir = users.resolve(Names.encode(e.user().phone()));
        try {
            VersionFiles.write(keyDir, e.version(), json.writeValueAsBytes(e.user()));
        } catch (IOException x) {
            throw new UncheckedIOException("cannot write " + keyDir, x);
        }
        index(e);
    }

    private long highestOnDisk(String phone) {
        try {
            return VersionFiles.highest(users.resolve(Names.encode(phone))); // a deleted account's numbers stay used
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + users, e);
        }
    }

    private void index(Entry e) {
        byPhone.put(e.user().phone(), e);
        phoneById.put(e.user().id(), e.user().phone());
    }

    /** auth_<phone>.json of the release before users/: copied into users/ once, left as it was. */
    private void takeOverLegacy(Path stateDir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(stateDir, "auth_*.json")) {
            for (Path f : files) {
                var m = LEGACY.matcher(f.getFileName().toString());
                if (m.matches() && !byPhone.containsKey(m.group(1))) {
                    User old = json.readValue(Fs.read(f), User.class);
                    if (old.phone().equals(m.group(1))) {
                        write(new Entry(highestOnDisk(old.phone()) + 1, old));
                        LOG.infof("took over the account of %s from the previous release's store", old.phone());
                    }
                }
            }
        }
    }
}

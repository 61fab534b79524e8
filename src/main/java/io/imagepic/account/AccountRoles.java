package io.imagepic.account;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.Codec;
import io.imagepic.state.StateConfig;
import io.imagepic.state.VersionedStore;
import io.imagepic.web.ApiError;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Which accounts are admins and which are disabled (by user id), in ONE document that every change goes through
 * by compare-and-set ({@code <state>/roles/accounts/}). One document, so the rule "at least one enabled admin
 * remains" is checked and committed in one step: when two admins demote each other at once on two replicas, the
 * second commit re-reads the first and is refused. Read on every authenticated request, so a change holds at the
 * next request on every replica. Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class AccountRoles {

    private static final String KEY = "accounts";

    /** The document. Sorted sets: a stable file. */
    @RegisterForReflection
    public record Doc(SortedSet<String> admins, SortedSet<String> disabled) {
        static final Doc EMPTY = new Doc(new TreeSet<>(), new TreeSet<>());

        public Doc {
            admins = admins == null ? new TreeSet<>() : new TreeSet<>(admins);
            disabled = disabled == null ? new TreeSet<>() : new TreeSet<>(disabled);
        }

        boolean isAdmin(String id) {
            return admins.contains(id);
        }

        boolean isDisabled(String id) {
            return disabled.contains(id);
        }

        /** Admins that can sign in. */
        long enabledAdmins() {
            return admins.stream().filter(a -> !disabled.contains(a)).count();
        }

        Doc withAdmin(String id, boolean admin) {
            Doc d = new Doc(admins, disabled);
            if (admin) {
                d.admins.add(id);
            } else {
                d.admins.remove(id);
            }
            return d;
        }

        Doc withDisabled(String id, boolean off) {
            Doc d = new Doc(admins, disabled);
            if (off) {
                d.disabled.add(id);
            } else {
                d.disabled.remove(id);
            }
            return d;
        }
    }

    private final VersionedStore<Doc> store;

    AccountRoles(StateConfig state, ObjectMapper json) {
        // The store's clock is the file system's: it compares it with file stamps.
        this.store = new VersionedStore<>(state.dir().resolve("roles"), Codec.json(json, Doc.class), Clock.systemUTC());
    }

    public Doc current() {
        return store.get(KEY).orElse(Doc.EMPTY);
    }

    public boolean isAdmin(String id) {
        return current().isAdmin(id);
    }

    /** True when this changed anything. */
    public boolean setAdmin(String id, boolean admin) {
        return change(doc -> {
            if (doc.isAdmin(id) == admin) {
                return doc;
            }
            Doc next = doc.withAdmin(id, admin);
            refuseWithoutAdmin(doc, next);
            return next;
        });
    }

    /** True when this changed anything. */
    public boolean setDisabled(String id, boolean disabled) {
        return change(doc -> {
            if (doc.isDisabled(id) == disabled) {
                return doc;
            }
            Doc next = doc.withDisabled(id, disabled);
            refuseWithoutAdmin(doc, next);
            return next;
        });
    }

    /**
     * Makes id an admin if no enabled admin exists (the first start, or an upgrade from the admin-phones
     * setting); false when there is one.
     */
    public boolean makeFirstAdmin(String id) {
        return change(doc -> doc.enabledAdmins() > 0 ? doc : doc.withDisabled(id, false).withAdmin(id, true));
    }

    /** The last enabled admin stays: nobody could grant admin rights any more. */
    private static void refuseWithoutAdmin(Doc before, Doc after) {
        if (before.enabledAdmins() > 0 && after.enabledAdmins() == 0) {
            throw ApiError.conflict(AccountMsg.LAST_ADMIN);
        }
    }

    private boolean change(java.util.function.UnaryOperator<Doc> change) {
        boolean[] changed = new boolean[1];
        store.update(KEY, current -> {
            Doc before = current.orElse(Doc.EMPTY);
            Doc after = change.apply(before);
            changed[0] = after != before;
            return after == before ? current : Optional.of(after);
        });
        return changed[0];
    }

    /** For listings: the ids in the document. */
    public Set<String> admins() {
        return current().admins();
    }
}

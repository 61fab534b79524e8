package io.imagepic.state;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Which accounts (by user id) are admins and which are disabled, as one consistent snapshot: the rule "at least one
 * enabled admin remains" is checked against it in the same step that changes it ({@link AccountStore#setAdmin}).
 * The field names are those of the file store's roles document.
 */
@RegisterForReflection
public record Rights(SortedSet<String> admins, SortedSet<String> disabled) {

    public static final Rights NONE = new Rights(new TreeSet<>(), new TreeSet<>());

    public Rights {
        admins = Collections.unmodifiableSortedSet(admins == null ? new TreeSet<>() : new TreeSet<>(admins));
        disabled = Collections.unmodifiableSortedSet(disabled == null ? new TreeSet<>() : new TreeSet<>(disabled));
    }

    public boolean isAdmin(String userId) {
        return admins.contains(userId);
    }

    public boolean isDisabled(String userId) {
        return disabled.contains(userId);
    }

    /** Admins that can sign in. */
    public long enabledAdmins() {
        return admins.stream().filter(a -> !disabled.contains(a)).count();
    }

    public Rights withAdmin(String userId, boolean admin) {
        return new Rights(with(admins, userId, admin), disabled);
    }

    public Rights withDisabled(String userId, boolean off) {
        return new Rights(admins, with(disabled, userId, off));
    }

    private static SortedSet<String> with(SortedSet<String> set, String id, boolean in) {
        SortedSet<String> copy = new TreeSet<>(set);
        if (in) {
            copy.add(id);
        } else {
            copy.remove(id);
        }
        return copy;
    }
}

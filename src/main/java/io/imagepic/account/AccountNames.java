package io.imagepic.account;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Names to show for account ids, e.g. as the uploader of an image (objects record the uploader's id): the
 * account's name, or its phone with the middle digits hidden when it has none, so a bucket's readers do not
 * learn each other's phone numbers. Ids that are no account (a service token records its name) come back as
 * they are.
 *
 * <p>
 * The id-to-name table is read from the shared user store and kept without a timer, because its entries never
 * change: an account's id and name are fixed when it is created (no route renames an account). The table is read
 * again exactly when an id it does not hold is asked for: an account registered since, maybe through another
 * replica, is named in the very next listing. Blocking (the store is a directory of files): call it from a worker
 * thread.
 */
@ApplicationScoped
public class AccountNames {

    private record Table(Map<String, String> byId) {
    }

    private final UserStore users;
    private volatile Table table; // null until first asked

    AccountNames(UserStore users) {
        this.users = users;
    }

    /** The name to show for each id given (null ids are skipped). */
    public Map<String, String> of(Collection<String> ids) {
        Table t = table;
        if (t == null || missing(t, ids)) {
            t = read(ids);
        }
        Map<String, String> names = new HashMap<>();
        for (String id : ids) {
            if (id != null) {
                names.put(id, t.byId().getOrDefault(id, id));
            }
        }
        return names;
    }

    private static boolean missing(Table t, Collection<String> ids) {
        return ids.stream().anyMatch(id -> id != null && !t.byId().containsKey(id));
    }

    /**
     * Reads every account. The ids asked for that are no account are kept as themselves: an account's id is new
     * when it is created, so such an id (a service token's name) never turns into an account later.
     */
    private Table read(Collection<String> asked) {
        Map<String, String> byId = new HashMap<>();
        for (String id : asked) {
            if (id != null) {
                byId.put(id, id);
            }
        }
        for (User u : users.all()) {
            byId.put(u.id(), shown(u));
        }
        Table t = new Table(Map.copyOf(byId));
        table = t;
        return t;
    }

    static String shown(User u) {
        if (u.name() != null && !u.name().isBlank()) {
            return u.name().strip();
        }
        return masked(u.phone());
    }

    /** 13800138000 -> 138****8000. */
    static String masked(String phone) {
        if (phone == null || phone.length() < 8) {
            return "****";
        }
        return phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
    }
}

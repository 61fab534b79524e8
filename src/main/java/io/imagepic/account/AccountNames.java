package io.imagepic.account;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.state.AccountStore;
import io.imagepic.state.User;

/**
 * Names to show for account ids, e.g. as the uploader of an image (objects record the uploader's id): the
 * account's name, or its phone with the middle digits hidden when it has none, so a bucket's readers do not
 * learn each other's phone numbers. Ids that are no account (a service token records its name) come back as
 * they are.
 *
 * <p>
 * Kept without a timer, because the entries never change: an account's id and name are fixed when it is created
 * (no route renames an account), and an id that is no account never becomes one (ids are new when an account is
 * created). An id not seen before is looked up by id, only that one (the store's index; one statement on postgres),
 * so an account registered since, through any replica, is named in the very next listing. Bounded: past
 * {@link #MAX_ENTRIES} the table starts afresh. Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class AccountNames {

    static final int MAX_ENTRIES = 100_000;

    private final AccountStore accounts;
    private final Map<String, String> names = new ConcurrentHashMap<>();

    AccountNames(AccountStore accounts) {
        this.accounts = accounts;
    }

    /** The name to show for each id given (null ids are skipped). */
    public Map<String, String> of(Collection<String> ids) {
        List<String> unknown = new ArrayList<>();
        for (String id : ids) {
            if (id != null && !names.containsKey(id)) {
                unknown.add(id);
            }
        }
        if (!unknown.isEmpty()) {
            if (names.size() + unknown.size() > MAX_ENTRIES) {
                names.clear();
            }
            Map<String, User> found = accounts.findByIds(unknown);
            for (String id : unknown) {
                User u = found.get(id);
                names.put(id, u == null ? id : shown(u));
            }
        }
        Map<String, String> shown = new HashMap<>();
        for (String id : ids) {
            if (id != null) {
                shown.put(id, names.getOrDefault(id, id));
            }
        }
        return shown;
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

package io.imagepic.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

/** The names shown for uploader ids: a name, else a masked phone; other ids as they are; few store reads. */
class AccountNamesTest {

    static User user(String id, String phone, String name) {
        return new User(id, phone, name, null, null, "hash", 1, Instant.EPOCH, Instant.EPOCH);
    }

    /** A store that counts how often every account is read. */
    static final class Store implements UserStore {
        final List<User> users = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public Optional<User> find(String phone) {
            return users.stream().filter(u -> u.phone().equals(phone)).findFirst();
        }

        @Override
        public boolean create(User user) {
            return users.add(user);
        }

        @Override
        public Optional<User> update(String phone, UnaryOperator<User> change) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<User> all() {
            reads.incrementAndGet();
            return List.copyOf(users);
        }
    }

    @Test
    void namesMaskedPhonesAndTokenNames() {
        Store store = new Store();
        store.create(user("u1", "13800138000", "Li Lei"));
        store.create(user("u2", "13912345678", "  "));
        AccountNames names = new AccountNames(store);
        assertEquals(Map.of("u1", "Li Lei", "u2", "139****5678", "shop-bff", "shop-bff"),
                names.of(List.of("u1", "u2", "shop-bff")));
    }

    @Test
    void theStoreIsNotReadForEveryListing() {
        Store store = new Store();
        store.create(user("u1", "13800138000", "Li Lei"));
        AccountNames names = new AccountNames(store);
        names.of(List.of("u1", "shop-bff"));
        names.of(List.of("u1", "shop-bff")); // a token's name is remembered as no account
        names.of(List.of("u1"));
        assertEquals(1, store.reads.get());
    }

    /** No timer: an account created since the last read (through any replica) is named at once. */
    @Test
    void anAccountCreatedSinceIsNamedInTheNextListing() {
        Store store = new Store();
        store.create(user("u1", "13800138000", "Li Lei"));
        AccountNames names = new AccountNames(store);
        assertEquals(Map.of("u1", "Li Lei"), names.of(List.of("u1")));
        store.create(user("u2", "13912345678", "Han Meimei"));
        assertEquals(Map.of("u1", "Li Lei", "u2", "Han Meimei"), names.of(List.of("u1", "u2")));
        assertEquals(2, store.reads.get());
    }
}

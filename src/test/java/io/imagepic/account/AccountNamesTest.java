package io.imagepic.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.imagepic.state.AccountStore;
import io.imagepic.state.User;
import io.imagepic.state.files.FileState;

/** The names shown for uploader ids: a name, else a masked phone; other ids as they are; few store reads. */
class AccountNamesTest {

    @TempDir
    Path dir;

    FileState state;
    AccountStore store;
    final AtomicInteger reads = new AtomicInteger();

    @BeforeEach
    void open() {
        state = new FileState(dir, "test", new ObjectMapper().findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS), Clock.systemUTC());
        AccountStore real = state.accounts();
        // counts the look-ups AccountNames makes
        store = (AccountStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { AccountStore.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("findByIds") || method.getName().equals("all")) {
                        reads.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @AfterEach
    void close() {
        state.close();
    }

    static User user(String id, String phone, String name) {
        return new User(id, phone, name, null, null, "hash", 1, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void namesMaskedPhonesAndTokenNames() {
        store.create(user("u1", "13800138000", "Li Lei"), null);
        store.create(user("u2", "13912345678", "  "), null);
        AccountNames names = new AccountNames(store);
        assertEquals(Map.of("u1", "Li Lei", "u2", "139****5678", "shop-bff", "shop-bff"),
                names.of(List.of("u1", "u2", "shop-bff")));
    }

    @Test
    void theStoreIsNotReadForEveryListing() {
        store.create(user("u1", "13800138000", "Li Lei"), null);
        AccountNames names = new AccountNames(store);
        names.of(List.of("u1", "shop-bff"));
        names.of(List.of("u1", "shop-bff")); // a token's name is remembered as no account
        names.of(List.of("u1"));
        assertEquals(1, reads.get());
    }

    /** No timer: an account created since the last read (through any replica) is named at once, looked up alone. */
    @Test
    void anAccountCreatedSinceIsNamedInTheNextListing() {
        store.create(user("u1", "13800138000", "Li Lei"), null);
        AccountNames names = new AccountNames(store);
        assertEquals(Map.of("u1", "Li Lei"), names.of(List.of("u1")));
        store.create(user("u2", "13912345678", "Han Meimei"), null);
        assertEquals(Map.of("u1", "Li Lei", "u2", "Han Meimei"), names.of(List.of("u1", "u2")));
        assertEquals(2, reads.get());
    }
}

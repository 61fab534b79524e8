package io.imagepic.state.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.imagepic.state.AccountStore;
import io.imagepic.state.AccountStore.Registration;
import io.imagepic.state.Backends;
import io.imagepic.state.Credential;
import io.imagepic.state.Invite;
import io.imagepic.state.InviteStore;
import io.imagepic.state.LastAdminException;
import io.imagepic.state.StateEngine;
import io.imagepic.state.User;

/**
 * {@link AccountStore} (and the invites it redeems) on both backends: created once, invites used once and never
 * brought back, exact compare-and-set, the last-admin rule in one step, and credentials that follow every change at
 * once (on postgres on another replica within a second).
 */
class AccountStoreContractTest extends Contract {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    static User user(String id, String phone) {
        return new User(id, phone, "n", null, null, "hash", 1, NOW, NOW);
    }

    static Invite invite(String id) {
        return new Invite(id, "code-hash", null, "admin-id", "admin", NOW, NOW.plusSeconds(86400));
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void aPhoneRegisteredByEightAtOnceIsCreatedOnce(Backends backend) throws Exception {
        AccountStore accounts = open(backend).engine.accounts();
        List<Registration> outcomes = concurrently(times(8, i -> () -> accounts.create(user("id-" + i, "13800000001"), null)));
        assertEquals(1, outcomes.stream().filter(o -> o == Registration.CREATED).count(), outcomes.toString());
        assertEquals(7, outcomes.stream().filter(o -> o == Registration.PHONE_TAKEN).count(), outcomes.toString());
        String winner = "id-" + outcomes.indexOf(Registration.CREATED);
        assertEquals(winner, accounts.find("13800000001").orElseThrow().id());
        assertEquals(winner, accounts.findById(winner).orElseThrow().id());
        assertEquals(1, accounts.all().size());
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void anInviteUsedByEightRegistrationsAtOnceRegistersOne(Backends backend) throws Exception {
        StateEngine state = open(backend).engine;
        state.invites().create(invite("inv12345"));
        List<Registration> outcomes = concurrently(
                times(8, i -> () -> state.accounts().create(user("id-" + i, "1380000001" + i), "inv12345")));
        assertEquals(1, outcomes.stream().filter(o -> o == Registration.CREATED).count(), outcomes.toString());
        assertEquals(7, outcomes.stream().filter(o -> o == Registration.INVITE_GONE).count(), outcomes.toString());
        assertTrue(state.invites().find("inv12345").isEmpty(), "used up");
        assertEquals(1, state.accounts().all().size());
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void aRevokedInviteStaysRevoked(Backends backend) throws Exception {
        StateEngine state = open(backend).engine;
        InviteStore invites = state.invites();
        state.accounts().create(user("taken", "13800000009"), null);

        // a registration refused for its phone leaves the invite as it was: nothing to give back later
        invites.create(invite("inv00001"));
        assertEquals(Registration.PHONE_TAKEN, state.accounts().create(user("x", "13800000009"), "inv00001"));
        assertTrue(invites.find("inv00001").isPresent());

        // revoked while registrations (refused for their phone) race with it: once revoked, never back
        for (int r = 0; r < 20; r++) {
            int round = r;
            String id = "inv1" + String.format("%04d", round);
            invites.create(invite(id));
            List<Object> done = concurrently(List.<Callable<Object>> of(
                    () -> state.accounts().create(user("y" + round, "13800000009"), id),
                    () -> invites.delete(id),
                    () -> state.accounts().create(user("z" + round, "13800000009"), id)));
            assertEquals(true, done.get(1), "the revocation found it");
            assertTrue(invites.find(id).isEmpty(), "round " + round + ": the revoked invite came back");
            assertEquals(Registration.INVITE_GONE, state.accounts().create(user("w" + round, "1390000" + (1000 + round)), id));
        }
        assertFalse(invites.all().stream().anyMatch(i -> i.id().startsWith("inv1")));
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void threeThreadsChangingOneAccountTwoHundredTimesEachLoseNoChange(Backends backend) throws Exception {
        AccountStore accounts = open(backend).engine.accounts();
        accounts.create(user("u", "13800000002"), null);
        concurrently(times(3, t -> () -> {
            for (int i = 0; i < 200; i++) {
                accounts.update("13800000002", u -> u.withNewCredentialVersion(NOW));
            }
            return null;
        }));
        assertEquals(601, accounts.find("13800000002").orElseThrow().credentialVersion());
        assertEquals(601, accounts.credential("13800000002").await().indefinitely().orElseThrow().credentialVersion());
    }

    @Test
    void threeProcessesChangingOneAccountTwoHundredTimesEachLoseNoChangeOnPostgres() throws Exception {
        Backends.Opened store = open(Backends.POSTGRES);
        store.engine.accounts().create(user("u", "13800000003"), null);
        StateWorker.run(store.database, 3, "bump-account", "13800000003", "200");
        assertEquals(601, store.engine.accounts().find("13800000003").orElseThrow().credentialVersion());
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void twoAdminsDemotingEachOtherAtOnceLeaveOne(Backends backend) throws Exception {
        AccountStore accounts = open(backend).engine.accounts();
        accounts.create(user("a", "13800000011"), null);
        accounts.create(user("b", "13800000012"), null);
        assertTrue(accounts.makeFirstAdmin("a"));
        assertFalse(accounts.makeFirstAdmin("b"), "there is one");
        assertTrue(accounts.setAdmin("b", true));
        for (int round = 0; round < 10; round++) {
            List<Object> outcomes = concurrently(List.<Callable<Object>> of(() -> demote(accounts, "a"),
                    () -> demote(accounts, "b")));
            assertEquals(1, outcomes.stream().filter(o -> o.equals(true)).count(), outcomes.toString());
            assertEquals(1, outcomes.stream().filter(o -> o.equals("refused")).count(), outcomes.toString());
            assertEquals(1, accounts.rights().enabledAdmins());
            String left = accounts.rights().admins().first();
            accounts.setAdmin(left.equals("a") ? "b" : "a", true);
        }
        assertTrue(accounts.setDisabled("a", true));
        assertThrows(LastAdminException.class, () -> accounts.setDisabled("b", true), "the last enabled admin");
        assertThrows(LastAdminException.class, () -> accounts.setAdmin("b", false));
    }

    private static Object demote(AccountStore accounts, String id) {
        try {
            return accounts.setAdmin(id, false);
        } catch (LastAdminException e) {
            return "refused";
        }
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void theCredentialCheckFollowsEveryChangeAtOnce(Backends backend) {
        AccountStore accounts = open(backend).engine.accounts();
        accounts.create(user("u", "13800000021"), null);
        assertEquals(new Credential("u", "13800000021", 1, false, false), credential(accounts, "13800000021"));
        accounts.update("13800000021", u -> u.withPassword("new", NOW));
        assertEquals(2, credential(accounts, "13800000021").credentialVersion());
        accounts.makeFirstAdmin("u");
        assertTrue(credential(accounts, "13800000021").admin());
        accounts.create(user("v", "13800000022"), null);
        accounts.setAdmin("v", true);
        accounts.setDisabled("u", true);
        assertTrue(credential(accounts, "13800000021").disabled());
        assertTrue(accounts.credential("13800000029").await().indefinitely().isEmpty());
        assertEquals(Map.of("u", "13800000021"), Map.of("u", accounts.findByIds(Set.of("u", "nobody")).get("u").phone()));
    }

    /** A change made through one replica holds on another within a second, cache or not. */
    @Test
    void aChangeThroughOneReplicaHoldsOnTheOtherWithinASecond() {
        Backends.Opened store = open(Backends.POSTGRES);
        AccountStore one = store.engine.accounts();
        AccountStore two = store.another("replica-2").accounts();
        one.create(user("u", "13800000031"), null);
        assertEquals(1, credential(two, "13800000031").credentialVersion()); // now cached on two
        one.update("13800000031", u -> u.withPassword("new", NOW));
        await().atMost(Duration.ofSeconds(1)).until(() -> credential(two, "13800000031").credentialVersion() == 2);
        one.create(user("admin", "13800000032"), null);
        one.makeFirstAdmin("admin");
        one.setDisabled("u", true);
        await().atMost(Duration.ofSeconds(1)).until(() -> credential(two, "13800000031").disabled());
    }

    private static Credential credential(AccountStore accounts, String phone) {
        return accounts.credential(phone).await().indefinitely().orElseThrow();
    }
}

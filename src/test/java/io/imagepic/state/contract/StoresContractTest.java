package io.imagepic.state.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.imagepic.state.Backends;
import io.imagepic.state.BucketPolicyStore;
import io.imagepic.state.MemberStore;
import io.imagepic.state.Membership;
import io.imagepic.state.RefreshFamily;
import io.imagepic.state.RefreshTokenStore;
import io.imagepic.state.ServiceToken;
import io.imagepic.state.ServiceTokenStore;
import io.imagepic.state.SigningKeyStore;
import io.imagepic.state.StateChange;
import io.imagepic.state.StateEngine;
import io.imagepic.state.WebhookTargetStore;
import io.imagepic.support.PostgresServer;

/**
 * The smaller stores on both backends: {@link ServiceTokenStore}, {@link MemberStore}, {@link BucketPolicyStore},
 * {@link SigningKeyStore}, {@link RefreshTokenStore}. Created once; a revocation never comes back; a change holds at
 * once here and, on postgres, within a second on another replica that had cached the old answer.
 */
class StoresContractTest extends Contract {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    static ServiceToken token(String id, String name) {
        return new ServiceToken(id, name, "owner-id", "owner", Set.of("read"), List.of("shop"), NOW, null, "hash-" + id);
    }

    static Membership grant(String bucket, String user, String role) {
        return new Membership(bucket, user, "1380000" + user.hashCode() % 10000, role, "admin", NOW);
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void aServiceTokenIsCreatedOnceAndARevokedOneNeverComesBack(Backends backend) throws Exception {
        ServiceTokenStore tokens = open(backend).engine.serviceTokens();
        List<Boolean> created = concurrently(times(4, i -> () -> tokens.create(token("00000000000000aa", "bff-" + i))));
        assertEquals(1, created.stream().filter(c -> c).count());
        assertEquals(1, tokens.list().size());
        assertTrue(tokens.find("00000000000000aa").await().indefinitely().isPresent());

        tokens.recordUse("00000000000000aa", NOW);
        await().atMost(Duration.ofSeconds(5)).until(() -> NOW.equals(tokens.lastUsed().get("00000000000000aa")));
        assertTrue(tokens.delete("00000000000000aa"));
        tokens.recordUse("00000000000000aa", NOW.plusSeconds(60)); // a request still in flight: no resurrection
        assertFalse(tokens.delete("00000000000000aa"));
        assertTrue(tokens.find("00000000000000aa").await().indefinitely().isEmpty());
        assertEquals(List.of(), tokens.list());
        assertEquals(Map.of(), tokens.lastUsed());
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void aRemovedBucketLeavesEveryAllowListAndOnlyThatBucket(Backends backend) {
        Backends.Opened opened = open(backend);
        ServiceTokenStore tokens = opened.engine.serviceTokens();
        List<StateChange> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        opened.engine.changes().subscribe(seen::add);
        tokens.create(withBuckets("00000000000000a1", List.of("blog", "shop")));
        tokens.create(withBuckets("00000000000000a2", List.of("shop")));
        tokens.create(withBuckets("00000000000000a3", null));
        tokens.create(withBuckets("00000000000000a4", List.of("blog")));
        seen.clear();

        assertEquals(Set.of("00000000000000a1", "00000000000000a2"), Set.copyOf(tokens.removeBucket("shop")));
        assertEquals(List.of("blog"), tokens.find("00000000000000a1").await().indefinitely().orElseThrow().buckets());
        assertEquals(List.of(), tokens.find("00000000000000a2").await().indefinitely().orElseThrow().buckets(),
                "no bucket left, never every bucket");
        assertEquals(null, tokens.find("00000000000000a3").await().indefinitely().orElseThrow().buckets());
        assertEquals(List.of("blog"), tokens.find("00000000000000a4").await().indefinitely().orElseThrow().buckets());
        assertTrue(seen.containsAll(List.of(new StateChange.TokenChanged("00000000000000a1"),
                new StateChange.TokenChanged("00000000000000a2"))), seen.toString());
        assertEquals(List.of(), tokens.removeBucket("shop"), "nothing left to change");
        if (backend == Backends.FILES) {
            opened.closeFirst();
            StateEngine again = opened.reopen();
            assertEquals(List.of(), again.serviceTokens().find("00000000000000a2").await().indefinitely().orElseThrow()
                    .buckets(), "durable");
        } else {
            assertEquals(List.of("blog"), opened.another("other").serviceTokens().find("00000000000000a1").await()
                    .indefinitely().orElseThrow().buckets(), "what every replica reads");
        }
    }

    static ServiceToken withBuckets(String id, List<String> buckets) {
        return new ServiceToken(id, "t-" + id, "owner-id", "owner", Set.of("read"), buckets, NOW, null, "hash-" + id);
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void grantsAreKeptPerBucketAndAccountAndTheCheckFollowsThem(Backends backend) {
        MemberStore members = open(backend).engine.members();
        assertTrue(members.find("shop", "u1").await().indefinitely().isEmpty()); // absence known (and cached)
        members.put(grant("shop", "u1", "read"));
        members.put(grant("shop", "u2", "write"));
        members.put(grant("blog", "u1", "manage"));
        assertEquals("read", members.find("shop", "u1").await().indefinitely().orElseThrow().role());
        members.put(grant("shop", "u1", "manage"));
        assertEquals("manage", members.find("shop", "u1").await().indefinitely().orElseThrow().role());
        assertEquals(Optional.of("manage"), members.recent("shop", "u1").map(Membership::role));
        assertEquals(List.of("blog", "shop"), members.ofUser("u1").stream().map(Membership::bucket).toList());
        assertEquals(2, members.ofBucket("shop").size());

        assertTrue(members.remove("shop", "u1"));
        assertFalse(members.remove("shop", "u1"));
        assertTrue(members.find("shop", "u1").await().indefinitely().isEmpty());
        assertEquals(1, members.removeAll("shop"));
        assertTrue(members.find("shop", "u2").await().indefinitely().isEmpty());
        assertEquals(List.of(), members.ofBucket("shop"));
        assertEquals(1, members.ofUser("u1").size());
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void aPolicyIsKeptAndAnnouncedWithItsValue(Backends backend) {
        StateEngine state = open(backend).engine;
        BucketPolicyStore policies = state.policies();
        List<Object> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        state.changes().subscribe(io.imagepic.state.StateChange.PolicyChanged.class, heard::add, () -> {
        });
        policies.put("shop", "public-read");
        assertEquals(Optional.of("public-read"), policies.find("shop"));
        assertEquals(Map.of("shop", "public-read"), policies.all());
        policies.put("shop", null);
        assertEquals(Optional.empty(), policies.find("shop"));
        assertEquals(Map.of(), policies.all());
        assertEquals(List.of(new io.imagepic.state.StateChange.PolicyChanged("shop", "public-read"),
                new io.imagepic.state.StateChange.PolicyChanged("shop", null)), heard, "at once, in order, with the value");
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void aKeyIsCreatedOnceAndEveryCallerGetsThatOne(Backends backend) throws Exception {
        SigningKeyStore keys = open(backend).engine.keys();
        List<byte[]> got = concurrently(times(4, i -> () -> keys.getOrCreate("link-signing/k1",
                () -> ("key-" + i).getBytes(StandardCharsets.US_ASCII))));
        for (byte[] k : got) {
            assertArrayEquals(got.get(0), k);
        }
        assertArrayEquals(got.get(0), keys.find("link-signing/k1").orElseThrow());
        keys.getOrCreate("link-signing/k2", () -> new byte[] { 1 });
        keys.getOrCreate("jwt/privateKey.pem", () -> new byte[] { 2 });
        assertEquals(List.of("link-signing/k1", "link-signing/k2"), keys.names("link-signing/"));
        assertTrue(keys.find("nothing").isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void aSessionRotatesOnceAndAReplacedTokenEndsIt(Backends backend) throws Exception {
        RefreshTokenStore sessions = open(backend).engine.refreshTokens();
        Instant later = NOW.plusSeconds(3600);
        RefreshFamily family = new RefreshFamily("fam-1", "u1", "13800000001", 1, "h0", List.of(), NOW, NOW, later,
                NOW.plusSeconds(86400), "test");
        assertTrue(sessions.create(family));
        assertFalse(sessions.create(family), "created once");
        // two refreshes with the same token at once: one rotates, the other is a reuse and ends the family
        List<RefreshTokenStore.Outcome> outcomes = concurrently(times(2, i -> () -> sessions
                .rotate("fam-1", "h0", "h1-" + i, NOW.plusSeconds(1), later).outcome()));
        assertTrue(outcomes.contains(RefreshTokenStore.Outcome.ROTATED), outcomes.toString());
        assertTrue(outcomes.contains(RefreshTokenStore.Outcome.REUSED) || outcomes.contains(RefreshTokenStore.Outcome.UNKNOWN),
                outcomes.toString());
        assertTrue(sessions.find("fam-1").isEmpty() || !sessions.find("fam-1").get().currentHash().equals("h0"));

        sessions.create(new RefreshFamily("fam-2", "u1", "13800000001", 1, "a0", List.of(), NOW, NOW, later, later, "x"));
        sessions.create(new RefreshFamily("fam-3", "u2", "13800000002", 1, "b0", List.of(), NOW, NOW, NOW.plusSeconds(5),
                later, "y"));
        assertEquals(RefreshTokenStore.Outcome.ROTATED, sessions.rotate("fam-2", "a0", "a1", NOW, later).outcome());
        assertEquals(RefreshTokenStore.Outcome.UNKNOWN, sessions.rotate("fam-2", "zz", "a2", NOW, later).outcome());
        assertEquals(RefreshTokenStore.Outcome.REUSED, sessions.rotate("fam-2", "a0", "a2", NOW, later).outcome());
        assertTrue(sessions.find("fam-2").isEmpty(), "a reused token ends its family");
        assertEquals(1, sessions.sweep(NOW.plusSeconds(10)));
        assertTrue(sessions.find("fam-3").isEmpty());
        sessions.create(new RefreshFamily("fam-4", "u3", "13800000003", 1, "c0", List.of(), NOW, NOW, later, later, "z"));
        sessions.create(new RefreshFamily("fam-5", "u3", "13800000003", 1, "d0", List.of(), NOW, NOW, later, later, "z"));
        assertEquals(2, sessions.revokeAll("u3"));
        assertFalse(sessions.revoke("fam-4"));
    }

    /** A session expires when unused past its expiry, and a rotation never extends it past its end. */
    @ParameterizedTest
    @EnumSource(Backends.class)
    void aSessionExpiresAndNeverOutlivesItsEnd(Backends backend) {
        RefreshTokenStore sessions = open(backend).engine.refreshTokens();
        Instant expiry = NOW.plusSeconds(60);
        Instant end = NOW.plusSeconds(100);
        sessions.create(new RefreshFamily("fam-e", "u1", "13800000001", 1, "e0", List.of(), NOW, NOW, expiry, end, "x"));
        RefreshTokenStore.Rotation r = sessions.rotate("fam-e", "e0", "e1", NOW.plusSeconds(50), NOW.plusSeconds(110));
        assertEquals(RefreshTokenStore.Outcome.ROTATED, r.outcome());
        assertEquals(end, r.family().expiresAt(), "a refresh moves the expiry, never past the family's end");
        assertEquals(end, sessions.find("fam-e").orElseThrow().expiresAt());
        assertEquals(RefreshTokenStore.Outcome.UNKNOWN,
                sessions.rotate("fam-e", "e1", "e2", end, end.plusSeconds(60)).outcome(), "expired: nothing rotates");
        assertEquals("e1", sessions.find("fam-e").orElseThrow().currentHash(), "an expired family is left as it was");
        assertEquals(0, sessions.sweep(end.minusSeconds(1)));
        assertEquals(1, sessions.sweep(end));
        assertTrue(sessions.find("fam-e").isEmpty());
    }

    /**
     * A token rotated through one replica is a used one on the other: presenting it there ends the family for both
     * (a stolen copy replayed against another pod).
     */
    @Test
    void aSessionRotatedThroughOneReplicaIsReusedThroughTheOther() {
        Backends.Opened store = open(Backends.POSTGRES);
        RefreshTokenStore one = store.engine.refreshTokens();
        RefreshTokenStore two = store.another("replica-2").refreshTokens();
        Instant later = NOW.plusSeconds(3600);
        one.create(new RefreshFamily("fam-r", "u1", "13800000001", 1, "r0", List.of(), NOW, NOW, later, later, "x"));
        assertEquals(RefreshTokenStore.Outcome.ROTATED, two.rotate("fam-r", "r0", "r1", NOW, later).outcome());
        assertEquals("r1", one.find("fam-r").orElseThrow().currentHash());
        assertEquals(RefreshTokenStore.Outcome.REUSED, one.rotate("fam-r", "r0", "r2", NOW, later).outcome());
        assertTrue(two.find("fam-r").isEmpty(), "the family ended for every replica");
        assertEquals(RefreshTokenStore.Outcome.UNKNOWN, two.rotate("fam-r", "r1", "r3", NOW, later).outcome());
    }

    /** A revocation, a grant and a token through one replica hold on another within a second. */
    @Test
    void changesThroughOneReplicaHoldOnTheOtherWithinASecond() {
        Backends.Opened store = open(Backends.POSTGRES);
        StateEngine one = store.engine;
        StateEngine two = store.another("replica-2");
        one.serviceTokens().create(token("00000000000000bb", "bff"));
        assertTrue(two.serviceTokens().find("00000000000000bb").await().indefinitely().isPresent()); // cached on two
        one.serviceTokens().delete("00000000000000bb");
        await().atMost(Duration.ofSeconds(1))
                .until(() -> two.serviceTokens().find("00000000000000bb").await().indefinitely().isEmpty());

        assertTrue(two.members().find("shop", "u9").await().indefinitely().isEmpty()); // absence cached on two
        one.members().put(grant("shop", "u9", "read"));
        await().atMost(Duration.ofSeconds(1))
                .until(() -> two.members().find("shop", "u9").await().indefinitely().isPresent());
        one.members().remove("shop", "u9");
        await().atMost(Duration.ofSeconds(1)).until(() -> two.members().find("shop", "u9").await().indefinitely().isEmpty());

        one.webhookTargets().create(DeliveryQueueContractTest.target("t9"));
        await().atMost(Duration.ofSeconds(1)).until(() -> two.webhookTargets().find("t9").isPresent());
    }

    /**
     * A webhook made through another replica a moment ago (its notice still on the way: here, none at all) is
     * found by a request that names it, so it can be tested or removed through any replica at once.
     */
    @Test
    void aWebhookNotYetAnnouncedIsFoundWhenARequestNamesIt() throws Exception {
        Backends.Opened store = open(Backends.POSTGRES);
        WebhookTargetStore targets = store.engine.webhookTargets();
        try (Connection c = DriverManager.getConnection(PostgresServer.get().jdbcUrl(store.database), PostgresServer.USER,
                "");
                PreparedStatement insert = c.prepareStatement(
                        "insert into webhook_targets (id, created, doc) values (?, now(), ?::jsonb)")) {
            insert.setString(1, "t-quiet");
            insert.setString(2, Backends.JSON.writeValueAsString(DeliveryQueueContractTest.target("t-quiet")));
            insert.executeUpdate();
        }
        assertTrue(targets.find("t-quiet").isEmpty(), "not announced: not in this replica's copy");
        assertEquals("t-quiet", targets.findNamed("t-quiet").await().indefinitely().orElseThrow().id());
        assertTrue(targets.findNamed("t-none").await().indefinitely().isEmpty());
    }
}

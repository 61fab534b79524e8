package io.imagepic.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.imagepic.support.TestClock;

class ClaimSetTest {

    private static final Duration LEASE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final TestClock clock = TestClock.settled();

    private ClaimSet replica(String owner) {
        return new ClaimSet(dir, owner, LEASE, clock);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anItemIsClaimedByOneReplicaOnly() {
        ClaimSet a = replica("a");
        ClaimSet b = replica("b");
        assertTrue(a.add("d1", bytes("event")));
        assertFalse(b.add("d1", bytes("again")), "ids are unique");

        Optional<ClaimSet.Claim> won = a.claim("d1");
        assertTrue(won.isPresent());
        assertEquals(Optional.empty(), b.claim("d1"));
        assertEquals(List.of(new ClaimSet.Item("d1", "a", won.get().expiresAt())), b.items());
        assertArrayEquals(bytes("event"), a.read(won.get()));
        assertArrayEquals(bytes("event"), b.peek("d1").orElseThrow());
    }

    @Test
    void anExpiredClaimIsTakenOverAndItsFormerHolderFindsOut() {
        ClaimSet a = replica("a");
        ClaimSet b = replica("b");
        a.add("d1", bytes("event"));
        ClaimSet.Claim held = a.claim("d1").orElseThrow();

        clock.advance(LEASE.minusSeconds(1));
        assertEquals(List.of(), b.claimAvailable(10), "not before the lease ends");

        clock.advance(Duration.ofSeconds(2));
        List<ClaimSet.Claim> taken = b.claimAvailable(10);
        assertEquals(1, taken.size());
        assertEquals("b", taken.get(0).owner());

        assertThrows(ClaimLostException.class, () -> a.renew(held));
        assertThrows(ClaimLostException.class, () -> a.complete(held));
        assertThrows(ClaimLostException.class, () -> a.read(held));
        b.complete(taken.get(0));
        assertEquals(List.of(), b.items());
    }

    @Test
    void renewingKeepsTheClaim() {
        ClaimSet a = replica("a");
        ClaimSet b = replica("b");
        a.add("d1", bytes("event"));
        ClaimSet.Claim held = a.claim("d1").orElseThrow();

        for (int i = 0; i < 3; i++) {
            clock.advance(LEASE.minusSeconds(5));
            held = a.renew(held);
            assertEquals(List.of(), b.claimAvailable(10));
        }
        assertEquals(clock.millis() + LEASE.toMillis(), held.expiresAt());
    }

    @Test
    void rewriteKeepsTheClaimAndChangesTheContent() {
        ClaimSet a = replica("a");
        a.add("d1", bytes("attempts=0"));
        ClaimSet.Claim held = a.claim("d1").orElseThrow();
        clock.advance(Duration.ofSeconds(1));

        ClaimSet.Claim after = a.rewrite(held, bytes("attempts=1"));

        assertTrue(after.expiresAt() > held.expiresAt());
        assertArrayEquals(bytes("attempts=1"), a.read(after));
        assertEquals(1, a.items().size());
    }

    @Test
    void aReleasedItemIsFreeForAnyone() {
        ClaimSet a = replica("a");
        ClaimSet b = replica("b");
        a.add("d1", bytes("event"));
        a.release(a.claim("d1").orElseThrow());

        assertTrue(a.items().get(0).free());
        assertTrue(b.claim("d1").isPresent());
    }

    @Test
    void removeDropsAnItemWhateverItsState() {
        ClaimSet a = replica("a");
        ClaimSet b = replica("b");
        a.add("free", bytes("1"));
        a.add("held", bytes("2"));
        ClaimSet.Claim held = a.claim("held").orElseThrow();

        assertTrue(b.remove("free"));
        assertTrue(b.remove("held"));
        assertFalse(b.remove("held"));
        assertThrows(ClaimLostException.class, () -> a.complete(held));
        assertEquals(List.of(), a.items());
    }

    @Test
    void itemsIgnoresWhatIsNotAnItem() throws Exception {
        ClaimSet a = replica("a");
        a.add("d 1", bytes("x"));
        Files.writeString(dir.resolve(".d.123.tmp"), "write in flight");
        Files.writeString(dir.resolve("x@only-two"), "malformed");
        Files.writeString(dir.resolve("x@o@notanumber"), "malformed");

        assertEquals(List.of(new ClaimSet.Item("d 1", null, 0)), a.items());
    }

    @Test
    void ownersAreSafeNames() {
        assertThrows(IllegalArgumentException.class, () -> replica("a@b"));
        assertThrows(IllegalArgumentException.class, () -> replica("../x"));
    }
}

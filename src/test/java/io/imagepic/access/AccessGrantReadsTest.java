package io.imagepic.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imagepic.web.ApiError;
import io.quarkus.test.component.QuarkusComponentTest;
import io.quarkus.test.component.TestConfigProperty;
import io.smallrye.mutiny.Uni;

/**
 * When the check reads a grant (from the state store, never blocking the event loop), and which copy: with the
 * seed's default ({@code all}) reading and writing need no grant, managing does; live-stream filters read the
 * recent copy, requests the current one.
 */
@QuarkusComponentTest(AccessGrantReadsTest.Grants.class)
@TestConfigProperty(key = "imagepic.access.default", value = "all")
class AccessGrantReadsTest {

    static final Caller MEMBER = Caller.person("member-id", "13700000001", false);
    static final Caller ADMIN = Caller.person("admin-id", "13900000000", true);
    static final Caller BFF = Caller.service("bff", Set.of(Scope.READ, Scope.UPLOAD, Scope.ADMIN), List.of("shop"));

    /** Current: manage on "shop"; recent (not yet refreshed): nothing. Counts the reads of the current copy. */
    @Singleton
    static class Grants implements BucketGrants {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public Uni<Optional<Role>> roleOf(String bucket, String userId) {
            reads.incrementAndGet();
            return Uni.createFrom()
                    .item(bucket.equals("shop") && userId.equals("member-id") ? Optional.of(Role.MANAGE) : Optional.empty());
        }

        @Override
        public Optional<Role> recentRoleOf(String bucket, String userId) {
            return Optional.empty();
        }
    }

    @Inject
    Access access;

    @Inject
    Grants grants;

    @BeforeEach
    void reset() {
        grants.reads.set(0);
    }

    @Test
    void whatTheDefaultRoleAllowsReadsNoGrant() {
        assertTrue(access.allows(MEMBER, Action.READ, "other"));
        assertTrue(access.allows(MEMBER, Action.WRITE, "other"));
        assertTrue(access.allows(ADMIN, Action.MANAGE, "other"));
        assertTrue(access.allows(BFF, Action.MANAGE, "shop"));
        assertEquals(0, grants.reads.get());
        assertTrue(access.authorize(MEMBER, Action.WRITE, "other").await().indefinitely() == null);
        assertEquals(0, grants.reads.get());
    }

    @Test
    void managingReadsTheCurrentGrant() {
        assertTrue(access.allows(MEMBER, Action.MANAGE, "shop"));
        assertEquals(1, grants.reads.get());
        assertEquals(403, refused(MEMBER, Action.MANAGE, "other"));
        assertEquals(2, grants.reads.get());
    }

    @Test
    void liveStreamFiltersReadTheRecentCopy() {
        assertFalse(access.allowsRecent(MEMBER, Action.MANAGE, "shop"));
        assertTrue(access.allowsRecent(MEMBER, Action.READ, "shop"));
        assertEquals(0, grants.reads.get());
    }

    private int refused(Caller caller, Action action, String bucket) {
        try {
            access.authorize(caller, action, bucket).await().indefinitely();
            return 200;
        } catch (ApiError e) {
            return e.status();
        }
    }
}

package io.imagepic.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;

import io.imagepic.s3.S3Exception;
import io.imagepic.web.ApiError;
import io.quarkus.test.component.QuarkusComponentTest;
import io.quarkus.test.component.TestConfigProperty;
import io.smallrye.mutiny.Uni;

/** The one authorisation check, with its grants and visibility and nothing else. */
@QuarkusComponentTest({ AccessTest.Grants.class, AccessTest.Visibility.class })
@TestConfigProperty(key = "imagepic.access.default", value = "granted")
class AccessTest {

    static final Caller ADMIN = Caller.person("admin-id", "13900000000", true);
    static final Caller READER = Caller.person("reader-id", "13700000001", false);
    static final Caller WRITER = Caller.person("writer-id", "13700000002", false);
    static final Caller MANAGER = Caller.person("manager-id", "13700000003", false);
    static final Caller STRANGER = Caller.person("stranger-id", "13700000004", false);
    static final Caller BFF = Caller.service("shop-bff", Set.of(Scope.UPLOAD, Scope.READ), List.of("shop"));

    @Singleton
    static class Grants implements BucketGrants {
        static final Map<String, Role> ROLES = Map.of("reader-id", Role.READ, "writer-id", Role.WRITE, "manager-id",
                Role.MANAGE);

        @Override
        public Uni<Optional<Role>> roleOf(String bucket, String userId) {
            return Uni.createFrom().item(recentRoleOf(bucket, userId));
        }

        @Override
        public Optional<Role> recentRoleOf(String bucket, String userId) {
            return bucket.equals("shop") ? Optional.ofNullable(ROLES.get(userId)) : Optional.empty();
        }
    }

    @Singleton
    static class Visibility implements BucketVisibility {
        @Override
        public boolean isPublicRead(String bucket) {
            return bucket.equals("public");
        }
    }

    @Inject
    Access access;

    @Test
    void rolesIncludeTheActionsBeforeThem() {
        assertTrue(access.allows(READER, Action.READ, "shop"));
        assertEquals(403, refused(READER, Action.WRITE, "shop"));
        assertTrue(access.allows(WRITER, Action.WRITE, "shop"));
        assertEquals(403, refused(WRITER, Action.MANAGE, "shop"));
        assertTrue(access.allows(MANAGER, Action.MANAGE, "shop"));
        assertTrue(access.allows(ADMIN, Action.MANAGE, "anything"));
    }

    @Test
    void aPersonWithoutAGrantIsToldTheBucketDoesNotExist() {
        ApiError e = assertThrows(ApiError.class, () -> access.check(STRANGER, Action.READ, "shop"));
        assertEquals(S3Exception.Code.NO_SUCH_BUCKET, ((S3Exception) e).code());
        assertEquals(404, e.status());
    }

    @Test
    void publicReadServesEveryoneButListsToNobodyUngranted() {
        assertTrue(access.allows(Caller.ANONYMOUS, Action.SERVE, "public"));
        assertTrue(access.allows(STRANGER, Action.SERVE, "public"));
        assertEquals(401, refused(Caller.ANONYMOUS, Action.READ, "public"));
        assertEquals(403, refused(STRANGER, Action.READ, "public")); // it is known to exist: no 404 to hide
        assertEquals(401, refused(Caller.ANONYMOUS, Action.SERVE, "shop"));
    }

    @Test
    void serviceTokensStayInTheirAllowListEvenForPublicBuckets() {
        assertTrue(access.allows(BFF, Action.WRITE, "shop"));
        assertEquals(403, refused(BFF, Action.SERVE, "public"));
        assertEquals(403, refused(BFF, Action.MANAGE, "shop")); // no admin scope
    }

    @Test
    void adminOnlyAndPeopleOnly() {
        access.requireAdmin(ADMIN);
        assertEquals(403, assertThrows(ApiError.class, () -> access.requireAdmin(MANAGER)).status());
        assertEquals(401, assertThrows(ApiError.class, () -> access.requireAdmin(Caller.ANONYMOUS)).status());
        Caller adminToken = Caller.service("ops", Set.of(Scope.ADMIN), null);
        access.requireAdmin(adminToken);
        assertEquals(403, assertThrows(ApiError.class, () -> access.requirePerson(adminToken)).status());
    }

    @Test
    void managersChangeMembersButOnlyAdminsGiveOrTakeManage() {
        access.checkMemberChange(MANAGER, "shop", "reader-id", Role.READ, Role.WRITE);
        access.checkMemberChange(MANAGER, "shop", "writer-id", Role.WRITE, null);
        access.checkMemberChange(MANAGER, "shop", "new-id", null, Role.READ);
        assertEquals(403, memberChange(MANAGER, "new-id", null, Role.MANAGE), "crowning another manager");
        assertEquals(403, memberChange(MANAGER, "reader-id", Role.READ, Role.MANAGE));
        assertEquals(403, memberChange(MANAGER, "other-manager", Role.MANAGE, null), "removing another manager");
        assertEquals(403, memberChange(MANAGER, "other-manager", Role.MANAGE, Role.READ));
        access.checkMemberChange(MANAGER, "shop", "manager-id", Role.MANAGE, null); // stepping down
        access.checkMemberChange(MANAGER, "shop", "manager-id", Role.MANAGE, Role.WRITE);
        access.checkMemberChange(ADMIN, "shop", "new-id", null, Role.MANAGE);
        access.checkMemberChange(ADMIN, "shop", "manager-id", Role.MANAGE, null);
        assertEquals(403, memberChange(WRITER, "new-id", null, Role.READ), "writers do not manage members");
        assertEquals(404, memberChange(STRANGER, "new-id", null, Role.READ));
        Caller adminToken = Caller.service("ops", Set.of(Scope.ADMIN), null);
        assertEquals(403, memberChange(adminToken, "new-id", null, Role.READ), "grants outlive tokens: people only");
    }

    @Test
    void aCallerBuiltAgainShrankWhenItMayDoLess() {
        assertTrue(access.shrank(ADMIN, Caller.person(ADMIN.id(), ADMIN.name(), false)), "demoted");
        assertFalse(access.shrank(ADMIN, ADMIN));
        assertFalse(access.shrank(MANAGER, Caller.person(MANAGER.id(), MANAGER.name(), true)), "promoted: grew");
        assertTrue(access.shrank(READER, WRITER), "another identity");
        Caller everywhere = Caller.service("bff", Set.of(Scope.READ, Scope.UPLOAD), null);
        assertTrue(access.shrank(everywhere, Caller.service("bff", Set.of(Scope.READ), null)), "a scope gone");
        assertTrue(access.shrank(everywhere, Caller.service("bff", Set.of(Scope.READ, Scope.UPLOAD), List.of("shop"))),
                "every bucket became some");
        assertTrue(access.shrank(BFF, Caller.service("shop-bff", Set.of(Scope.UPLOAD, Scope.READ), List.of())),
                "a bucket gone from the allow-list");
        assertFalse(access.shrank(BFF, Caller.service("shop-bff", Set.of(Scope.UPLOAD, Scope.READ), List.of("shop", "more"))));
    }

    private int memberChange(Caller caller, String member, Role from, Role to) {
        return assertThrows(ApiError.class, () -> access.checkMemberChange(caller, "shop", member, from, to)).status();
    }

    private int refused(Caller caller, Action action, String bucket) {
        return access.refusal(caller, action, bucket).orElseThrow(() -> new AssertionError("allowed")).status();
    }
}

package io.imagepic.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.imagepic.access.Caller;
import io.imagepic.access.Scope;
import io.imagepic.state.files.FileState;
import io.imagepic.support.TestClock;
import io.imagepic.web.ApiError;
import io.quarkus.security.AuthenticationFailedException;

/** A service token's expiry and last use, on a clock the test moves (the HTTP side is in ServiceTokenTest). */
class ServiceTokenLifetimeTest {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Caller ADMIN = Caller.person("admin-id", "13900000000", true);

    final TestClock clock = TestClock.at(START);
    final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @TempDir
    Path dir;

    FileState state;

    /** One store for the test's "replicas": the state they share. */
    FileState state() {
        if (state == null) {
            state = new FileState(dir, "test", json, java.time.Clock.systemUTC());
        }
        return state;
    }

    @AfterEach
    void close() {
        if (state != null) {
            state.close();
        }
    }

    /** ServiceTokens on the shared state, whose accounts hold ADMIN (an enabled admin: it owns the tokens made). */
    ServiceTokens tokens() {
        var accounts = state().accounts();
        if (accounts.findById(ADMIN.id()).isEmpty()) {
            accounts.create(new io.imagepic.state.User(ADMIN.id(), ADMIN.name(), "admin", "", "a@example.com", "hash", 1,
                    START, START), null);
            accounts.makeFirstAdmin(ADMIN.id());
        }
        return new ServiceTokens(state().serviceTokens(), accounts, new Config(), clock);
    }

    @Test
    void aTokenWorksUntilItsExpiryAndIsListedAsExpiredFromThen() {
        ServiceTokens tokens = tokens();
        TokenView.Created created = tokens.create(
                new TokenForm("brief-bff", Set.of(Scope.READ), null, START.plus(Duration.ofHours(1))), ADMIN);
        assertEquals(START, created.createdAt());

        clock.advance(Duration.ofMinutes(59).plusSeconds(59));
        assertEquals("brief-bff", tokens.authenticate(created.token()).await().indefinitely().name());
        assertFalse(tokens.list().get(0).expired());

        clock.advance(Duration.ofSeconds(1)); // the expiry instant itself is too late
        assertThrows(AuthenticationFailedException.class, () -> tokens.authenticate(created.token()).await().indefinitely());
        assertTrue(tokens.list().get(0).expired());
        assertThrows(AuthenticationFailedException.class, () -> tokens().authenticate(created.token()).await().indefinitely(),
                "another replica on the same store agrees");
    }

    /** No "never": a token minted without an expiry lives imagepic.tokens.max-lifetime (1 year), and no longer. */
    @Test
    void aTokenWithoutExpiryLivesTheMaximumLifetimeAndNoTokenLivesLonger() {
        ServiceTokens tokens = tokens();
        TokenView.Created created = tokens.create(new TokenForm("long-bff", Set.of(Scope.READ), null, null), ADMIN);
        assertEquals(START.plus(Duration.ofDays(365)), created.expiresAt());
        ApiError tooLong = assertThrows(ApiError.class, () -> tokens.create(
                new TokenForm("longer-bff", Set.of(Scope.READ), null, START.plus(Duration.ofDays(366))), ADMIN));
        assertEquals(400, tooLong.kind().status());
        clock.advance(Duration.ofDays(365).minusSeconds(1));
        assertEquals("long-bff", tokens.authenticate(created.token()).await().indefinitely().name());
        clock.advance(Duration.ofSeconds(1));
        assertThrows(AuthenticationFailedException.class, () -> tokens.authenticate(created.token()).await().indefinitely());
        assertTrue(tokens.list().get(0).expired());
    }

    /** A token acts only while its owner exists, is enabled and, for the admin scope, is still an admin. */
    @Test
    void aTokenStopsWhenItsOwnerIsDemotedOrDisabled() {
        ServiceTokens tokens = tokens();
        var accounts = state().accounts();
        accounts.create(new io.imagepic.state.User("other-admin", "13900000001", "o", "", "o@example.com", "hash", 1,
                START, START), null);
        accounts.setAdmin("other-admin", true);
        TokenView.Created admin = tokens.create(new TokenForm("ops", Set.of(Scope.ADMIN, Scope.READ), null, null), ADMIN);
        TokenView.Created reader = tokens.create(new TokenForm("reader", Set.of(Scope.READ), null, null), ADMIN);
        tokens.authenticate(admin.token()).await().indefinitely();

        accounts.setAdmin(ADMIN.id(), false);
        assertThrows(AuthenticationFailedException.class, () -> tokens.authenticate(admin.token()).await().indefinitely());
        assertEquals("reader", tokens.authenticate(reader.token()).await().indefinitely().name(), "no admin scope");
        accounts.setDisabled(ADMIN.id(), true);
        assertThrows(AuthenticationFailedException.class, () -> tokens.authenticate(reader.token()).await().indefinitely());
        accounts.setDisabled(ADMIN.id(), false);
        assertEquals("reader", tokens.authenticate(reader.token()).await().indefinitely().name());
    }

    @Test
    void theLastUseIsWrittenOncePerResolution() {
        ServiceTokens tokens = tokens();
        TokenView.Created created = tokens.create(new TokenForm("busy-bff", Set.of(Scope.READ), null, null), ADMIN);
        assertNull(tokens.list().get(0).lastUsedAt(), "never used");

        tokens.authenticate(created.token()).await().indefinitely();
        assertEquals(START, tokens.list().get(0).lastUsedAt());
        clock.advance(Duration.ofSeconds(59));
        tokens.authenticate(created.token()).await().indefinitely();
        assertEquals(START, tokens.list().get(0).lastUsedAt(), "within a minute: not written again");
        clock.advance(Duration.ofSeconds(1));
        tokens.authenticate(created.token()).await().indefinitely();
        assertEquals(START.plusSeconds(60), tokens.list().get(0).lastUsedAt());
    }

    /**
     * A backend is not one person: a token carries its own upload limit from its mint, 64 unless the admin said
     * otherwise; a token stored before the limit existed reads as it was, with the configured default.
     */
    @Test
    void aTokenCarriesItsOwnUploadLimitAndOldDocumentsReadWithTheDefault() throws Exception {
        ServiceTokens tokens = tokens();
        TokenView.Created plain = tokens.create(new TokenForm("bff", Set.of(Scope.UPLOAD), null, null), ADMIN);
        assertEquals(64, plain.maxConcurrentUploads());
        assertEquals(64, tokens.maxConcurrentUploads(tokens.authenticate(plain.token()).await().indefinitely()));
        TokenView.Created wide = tokens.create(new TokenForm("wide-bff", Set.of(Scope.UPLOAD), null, null, 200), ADMIN);
        assertEquals(200, tokens.maxConcurrentUploads(tokens.authenticate(wide.token()).await().indefinitely()));

        // a document written by the release before (no maxConcurrentUploads), as it lies in the store
        String id = "0123456789abcdef";
        String secret = "ipt_" + id + "_" + "A".repeat(43);
        java.nio.file.Files.writeString(dir.resolve("svc_" + id + ".json"), "{\"id\":\"" + id + "\",\"name\":\"old-bff\","
                + "\"ownerId\":\"admin-id\",\"ownerName\":\"13900000000\",\"scopes\":[\"upload\"],\"buckets\":null,"
                + "\"createdAt\":\"2025-06-01T00:00:00Z\",\"expiresAt\":null,\"secretHash\":\""
                + java.util.HexFormat.of().formatHex(ServiceTokens.sha256(secret)) + "\"}");
        java.nio.file.Files.createFile(dir.resolve("svc_" + id + ".used"));
        state.close(); // the next start reads it
        state = null;
        tokens = tokens();
        io.imagepic.state.ServiceToken old = tokens.authenticate(secret).await().indefinitely();
        assertNull(old.maxConcurrentUploads());
        assertEquals(64, tokens.maxConcurrentUploads(old));
        assertEquals(64, tokens.list().stream().filter(t -> t.name().equals("old-bff")).findFirst().orElseThrow()
                .maxConcurrentUploads());
        // minted "forever" before the maximum lifetime: it ends a year after its creation all the same
        assertEquals(Instant.parse("2026-06-01T00:00:00Z"), tokens.list().stream()
                .filter(t -> t.name().equals("old-bff")).findFirst().orElseThrow().expiresAt());
        clock.advance(Duration.between(START, Instant.parse("2026-06-01T00:00:00Z")));
        ServiceTokens later = tokens;
        assertThrows(AuthenticationFailedException.class, () -> later.authenticate(secret).await().indefinitely());
    }

    /** The defaults of {@link TokenConfig} that ServiceTokens reads. */
    static final class Config implements TokenConfig {
        @Override
        public int maxTokens() {
            return 1000;
        }

        @Override
        public int maxConcurrentUploads() {
            return 64;
        }

        @Override
        public Duration maxLifetime() {
            return Duration.ofDays(365);
        }

        @Override
        public Duration lastUsedResolution() {
            return Duration.ofMinutes(1);
        }

        @Override
        public Map<String, List<String>> paths() {
            return Map.of();
        }

        @Override
        public List<String> anyScopePaths() {
            return List.of();
        }

        @Override
        public List<String> guardedPaths() {
            return List.of();
        }
    }

}

package io.imagepic.account;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.imagepic.support.PackagedInstances;
import io.imagepic.support.PackagedInstances.Instance;
import io.imagepic.support.Tokens;

/**
 * Two packaged replicas on one database, each with its own state directory (failsafe, after {@code mvn package}),
 * started together: one first admin,
 * failed logins counted together, an invite used once, admins that cannot demote each other into having none,
 * a disabled account refused by both, and a kept session that refreshes on either and ends on both when replayed.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class AccountReplicasIT {

    static final String ADMIN = "13900000000";
    static final String PASSWORD = "Test_pass1";

    @RegisterExtension
    static final PackagedInstances replicas = PackagedInstances.of(2).postgres()
            .property("imagepic.admin.phone", ADMIN)
            .property("imagepic.admin.password", PASSWORD)
            .property("imagepic.auth.registration", "invite")
            .property("imagepic.auth.bcrypt-cost", "4")
            .property("imagepic.auth.login.max-failures", "3")
            .property("imagepic.auth.login.delay", "1s")
            .property("imagepic.auth.login.max-delay", "8s");

    @Test
    void replicasStartingTogetherCreateOneFirstAdmin() {
        JsonNode onA = a().call("GET", "/imagepic/auth/me", login(a(), ADMIN, PASSWORD), null, 200).path("data");
        JsonNode onB = b().call("GET", "/imagepic/auth/me", login(b(), ADMIN, PASSWORD), null, 200).path("data");
        assertEquals(onA.path("id").asText(), onB.path("id").asText());
        assertTrue(onA.path("admin").asBoolean() && onB.path("admin").asBoolean());
        assertTrue(
                a().log().contains("created the first admin " + ADMIN) ^ b().log().contains("created the first admin " + ADMIN),
                "exactly one replica created it");
    }

    @Test
    void failedLoginsOnBothReplicasCountTogetherAndTheDelayGrows() {
        String phone = account();
        assertEquals(401, attempt(a(), phone, "Wrong_pass1").statusCode());
        assertEquals(401, attempt(b(), phone, "Wrong_pass1").statusCode());
        assertEquals(401, attempt(a(), phone, "Wrong_pass1").statusCode());
        // the third failure (two on a, one on b) holds the phone back on both, even with the right password
        assertEquals("1", retryAfter(attempt(b(), phone, PASSWORD)));
        assertEquals("1", retryAfter(attempt(a(), phone, PASSWORD)));

        // once the delay passed, a failure on b doubles it for a too
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> attempt(b(), phone, "Wrong_pass1").statusCode() == 401);
        assertEquals("2", retryAfter(attempt(a(), phone, PASSWORD)));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> attempt(a(), phone, "Wrong_pass1").statusCode() == 401);
        assertEquals("4", retryAfter(attempt(b(), phone, PASSWORD)));

        // a success on one forgets the failures for both
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> attempt(b(), phone, PASSWORD).statusCode() == 200);
        assertEquals(401, attempt(a(), phone, "Wrong_pass1").statusCode());
        assertEquals(200, attempt(a(), phone, PASSWORD).statusCode());
    }

    @Test
    void anInviteRedeemedOnTwoReplicasAtOnceRegistersOneAccount() throws Exception {
        String admin = login(a(), ADMIN, PASSWORD);
        for (int round = 0; round < 3; round++) {
            JsonNode invite = a().call("POST", "/imagepic/auth/invites", admin, "{}", 200).path("data");
            String code = invite.path("code").asText();
            List<Callable<Integer>> calls = new ArrayList<>();
            List<String> phones = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Instance target = replicas.get(i % 2);
                String phone = Tokens.randomPhone();
                phones.add(phone);
                calls.add(
                        () -> target.send("POST", "/imagepic/auth/register", null, "{\"email\":\"it@example.com\",\"phone\":\""
                                + phone + "\",\"upwd\":\"" + PASSWORD + "\",\"invite\":\"" + code + "\"}").statusCode());
            }
            List<Integer> statuses = all(calls);
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(7, statuses.stream().filter(s -> s == 403).count(), statuses.toString());
            assertEquals(1, phones.stream().filter(p -> attempt(b(), p, PASSWORD).statusCode() == 200).count());
            assertTrue(b().call("GET", "/imagepic/auth/invites", admin, null, 200).path("data").findValuesAsText("id")
                    .stream().noneMatch(invite.path("id").asText()::equals));
        }
    }

    @Test
    void twoAdminsDemotingEachOtherAtOnceOnTwoReplicasLeaveOneAdmin() throws Exception {
        String other = account();
        String[] phones = { ADMIN, other };
        String[] tokens = { login(a(), ADMIN, PASSWORD), login(b(), other, PASSWORD) };
        a().call("POST", "/imagepic/auth/users/" + other + "/admin", tokens[0], null, 200);
        for (int round = 0; round < 4; round++) {
            // phones[0] (through a) demotes phones[1], and phones[1] (through b) demotes phones[0], at once
            String t0 = tokens[0];
            String t1 = tokens[1];
            String p0 = phones[0];
            String p1 = phones[1];
            List<Integer> statuses = all(List.of(
                    () -> a().send("DELETE", "/imagepic/auth/users/" + p1 + "/admin", t0, null).statusCode(),
                    () -> b().send("DELETE", "/imagepic/auth/users/" + p0 + "/admin", t1, null).statusCode()));
            // the loser is refused as the last admin (409), or, if it was authenticated after the winner's
            // commit, as no admin any more (403)
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertTrue(statuses.contains(409) || statuses.contains(403), statuses.toString());
            JsonNode users = b().call("GET", "/imagepic/auth/users", statuses.get(0) == 200 ? t0 : t1, null, 200).path("data");
            long admins = 0;
            for (JsonNode u : users) {
                admins += u.path("admin").asBoolean() ? 1 : 0;
            }
            assertEquals(1, admins, "exactly one admin left");
            // the one left makes the other an admin again
            int left = statuses.get(0) == 200 ? 0 : 1;
            replicas.get(left).call("POST", "/imagepic/auth/users/" + phones[1 - left] + "/admin", tokens[left], null, 200);
        }
    }

    @Test
    void anAccountDisabledThroughOneReplicaIsRefusedByBoth() {
        String phone = account();
        String token = login(b(), phone, PASSWORD);
        a().call("GET", "/imagepic/auth/me", token, null, 200);
        a().call("POST", "/imagepic/auth/users/" + phone + "/disabled", login(a(), ADMIN, PASSWORD), null, 200);
        b().call("GET", "/imagepic/auth/me", token, null, 401);
        a().call("GET", "/imagepic/bucket/listBuckets", token, null, 401);
        assertEquals(403, attempt(b(), phone, PASSWORD).statusCode());
    }

    /**
     * A kept session (console, "keep me signed in") started on one replica refreshes on the other, and its replaced
     * token replayed on the first ends it on both: a stolen copy cannot go on beside its owner by picking a pod.
     */
    @Test
    void aSessionRefreshesOnEitherReplicaAndAReplayedTokenEndsItOnBoth() throws Exception {
        String phone = account();
        HttpResponse<String> started = session(a(), "/imagepic/auth/session", null,
                "{\"phone\":\"" + phone + "\",\"upwd\":\"" + PASSWORD + "\"}");
        assertEquals(200, started.statusCode(), started.body());
        String first = refreshCookie(started);

        HttpResponse<String> refreshed = session(b(), "/imagepic/auth/session/refresh", first, null);
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        String second = refreshCookie(refreshed);
        String token = new com.fasterxml.jackson.databind.ObjectMapper().readTree(refreshed.body()).path("data").path("token")
                .asText();
        a().call("GET", "/imagepic/auth/me", token, null, 200);

        assertEquals(401, session(a(), "/imagepic/auth/session/refresh", first, null).statusCode(), "replayed");
        assertEquals(401, session(b(), "/imagepic/auth/session/refresh", second, null).statusCode(),
                "the replay ended the session everywhere");
    }

    private static HttpResponse<String> session(Instance on, String path, String refreshToken, String body) {
        java.net.http.HttpRequest.Builder r = java.net.http.HttpRequest.newBuilder(java.net.URI.create(on.url() + path))
                .timeout(Duration.ofSeconds(30)).POST(body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            r.header("Content-Type", "application/json");
        }
        if (refreshToken != null) {
            r.header("Cookie", "imagepic_refresh=" + refreshToken);
        }
        try {
            return java.net.http.HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The refresh token the answer sets in its cookie. */
    private static String refreshCookie(HttpResponse<String> response) {
        return response.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("imagepic_refresh="))
                .map(c -> c.substring("imagepic_refresh=".length(), c.indexOf(';'))).filter(v -> !v.isEmpty()).findFirst()
                .orElseThrow(() -> new AssertionError("no refresh cookie: " + response.headers().map()));
    }

    /** A new member account, made by the admin (registration is by invite here). */
    private static String account() {
        String phone = Tokens.randomPhone();
        a().call("POST", "/imagepic/auth/admin/register", login(a(), ADMIN, PASSWORD),
                "{\"email\":\"it@example.com\",\"phone\":\"" + phone + "\",\"upwd\":\"" + PASSWORD + "\"}", 200);
        return phone;
    }

    private static String login(Instance on, String phone, String password) {
        return on.login(phone, password);
    }

    private static HttpResponse<String> attempt(Instance on, String phone, String password) {
        return on.send("POST", "/imagepic/auth/login", null, "{\"phone\":\"" + phone + "\",\"upwd\":\"" + password + "\"}");
    }

    private static String retryAfter(HttpResponse<String> response) {
        assertEquals(429, response.statusCode(), response.body());
        return response.headers().firstValue("Retry-After").orElseThrow();
    }

    private static List<Integer> all(List<Callable<Integer>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Integer> out = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Instance a() {
        return replicas.get(0);
    }

    private static Instance b() {
        return replicas.get(1);
    }
}

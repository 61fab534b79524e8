package io.imagepic.token;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A service token acts for its owner and never holds more than the owner does now. The attack: an admin mints
 * {@code ["admin","read"]} for every bucket with no expiry; another admin demotes and then disables that person.
 * Before, the person's JWT got 401 but the token still listed every bucket and set policies. Now it gets 401 at once,
 * and no token lives past imagepic.tokens.max-lifetime.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class TokenOwnerTest {

    @Test
    void aDemotedOrDisabledOwnersTokensAre401AtOnce() {
        String admin = Tokens.admin();
        Tokens.Account person = Tokens.account();
        String personId = person.id();
        Tokens.as(admin).post("/imagepic/auth/users/" + person.phone() + "/admin").then().statusCode(200);
        String personAsAdmin = Tokens.login(person.phone(), Tokens.PASSWORD); // a session that carries the admin role
        String everything = mint(personAsAdmin, "{\"name\":\"ops-" + System.nanoTime() + "\",\"scopes\":[\"admin\",\"read\"]}");
        String reader = mint(personAsAdmin, "{\"name\":\"reader-" + System.nanoTime() + "\",\"scopes\":[\"read\"]}");
        Tokens.as(everything).get("/imagepic/policy/listBucketPolicies").then().statusCode(200);
        Tokens.as(everything).get("/imagepic/bucket/listBuckets").then().statusCode(200);

        Tokens.as(admin).delete("/imagepic/auth/users/" + person.phone() + "/admin").then().statusCode(200)
                .body("data.admin", equalTo(false)).body("data.tokensStopped", equalTo(1));
        Tokens.as(everything).get("/imagepic/policy/listBucketPolicies").then().statusCode(401);
        Tokens.as(everything).get("/imagepic/bucket/listBuckets").then().statusCode(401);
        Tokens.as(reader).get("/imagepic/bucket/listBuckets").then().statusCode(200); // it never needed the admin right

        Tokens.as(admin).post("/imagepic/auth/users/" + person.phone() + "/disabled").then().statusCode(200)
                .body("data.tokensStopped", equalTo(1));
        Tokens.as(reader).get("/imagepic/bucket/listBuckets").then().statusCode(401);
        Tokens.as(everything).get("/imagepic/bucket/listBuckets").then().statusCode(401);

        // the listing still shows them, with owner and expiry, for the admin to revoke
        Tokens.as(admin).get("/imagepic/auth/tokens").then().statusCode(200)
                .body("data.find { it.owner.name != null && it.name.startsWith('reader-') && it.owner.id == '"
                        + personId + "' }.expiresAt", notNullValue());
    }

    @Test
    void noTokenLivesLongerThanTheMaximumLifetime() {
        String admin = Tokens.admin();
        String name = "year-" + System.nanoTime();
        String expiresAt = Tokens.as(admin).contentType(ContentType.JSON)
                .body(Map.of("name", name, "scopes", new String[] { "read" })).post("/imagepic/auth/tokens")
                .then().statusCode(200).extract().path("data.expiresAt");
        Duration lifetime = Duration.between(Instant.now(), Instant.parse(expiresAt));
        assertTrue(lifetime.compareTo(Duration.ofDays(364)) > 0 && lifetime.compareTo(Duration.ofDays(366)) < 0,
                "no expiry given: a year (imagepic.tokens.max-lifetime), not never: " + expiresAt);
        Tokens.as(admin).contentType(ContentType.JSON)
                .body(Map.of("name", name + "-long", "scopes", new String[] { "read" }, "expiresAt",
                        Instant.now().plus(Duration.ofDays(400)).toString()))
                .post("/imagepic/auth/tokens").then().statusCode(400);
    }

    private static String mint(String token, String body) {
        return Tokens.as(token).contentType(ContentType.JSON).body(body).post("/imagepic/auth/tokens").then()
                .statusCode(200).extract().path("data.token");
    }
}

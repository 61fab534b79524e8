package io.imagepic.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Real tokens for tests: registers and logs in over HTTP. The test profile has the service create
 * {@link #ADMIN_PHONE} as its first admin at start ({@code %test.imagepic.admin.phone} / {@code .password}).
 *
 * <p>
 * Tests run the production default {@code imagepic.access.default=granted}: a new member may touch no bucket until
 * it is granted a role. {@link #memberWith} and {@link Account#with} give a member the role a test needs;
 * {@link #bucket} makes a bucket no other test uses.
 */
public final class Tokens {

    public static final String ADMIN_PHONE = "13900000000";
    public static final String PASSWORD = "Test_pass1";

    private Tokens() {
    }

    /** A token of the first admin. */
    public static String admin() {
        return login(ADMIN_PHONE, PASSWORD);
    }

    /** A request as the first admin. */
    public static RequestSpecification asAdmin() {
        return as(admin());
    }

    /** The id of the token's account (events and object metadata name accounts by it). */
    public static String id(String token) {
        return as(token).get("/imagepic/auth/me").then().statusCode(200).extract().path("data.id");
    }

    /** A token of a new member. */
    public static String member() {
        return member(randomPhone());
    }

    /** A token of the member with this phone, registered first if needed. */
    public static String member(String phone) {
        register(phone, PASSWORD);
        return login(phone, PASSWORD);
    }

    /** A token of a new member holding {@code role} (read, write or manage) on each bucket, granted by the admin. */
    public static String memberWith(String role, String... buckets) {
        return account().with(role, buckets).token();
    }

    /** A new member (registered and signed in): its phone and token. */
    public static Account account() {
        String phone = randomPhone();
        return new Account(phone, member(phone));
    }

    /** A member's phone and token. */
    public record Account(String phone, String token) {

        /** The admin grants this member {@code role} on each bucket. */
        public Account with(String role, String... buckets) {
            for (String bucket : buckets) {
                grant(bucket, phone, role);
            }
            return this;
        }

        /** The account's id, as events and object metadata name it. */
        public String id() {
            return Tokens.id(token);
        }
    }

    /** The admin grants the account with this phone {@code role} on the bucket. */
    public static void grant(String bucket, String phone, String role) {
        as(admin()).contentType(ContentType.JSON).body(Map.of("bucketName", bucket, "member", phone, "role", role))
                .post("/imagepic/bucket/members").then().statusCode(200);
    }

    /** A new bucket made by the admin, named {@code prefix-<random hex>} so that no other test uses it. */
    public static String bucket(String prefix) {
        String name = prefix + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        as(admin()).contentType(ContentType.JSON).body(Map.of("bucketName", name)).post("/imagepic/bucket/makeBucket")
                .then().statusCode(200);
        return name;
    }

    /**
     * A new service token made by the admin: {@code scopes} like {@code "\"read\",\"upload\""}, {@code buckets}
     * likewise or null for every bucket. Answers the secret.
     */
    public static String service(String name, String scopes, String buckets) {
        String body = "{\"name\":\"" + name + "\",\"scopes\":[" + scopes + "]"
                + (buckets == null ? "" : ",\"buckets\":[" + buckets + "]") + "}";
        return as(admin()).contentType(ContentType.JSON).body(body).post("/imagepic/auth/tokens")
                .then().statusCode(200).extract().path("data.token");
    }

    /** A request carrying the token the way the seed's clients send it (raw, no "Bearer "). */
    public static RequestSpecification as(String token) {
        return given().header("authorization", token);
    }

    /** A valid phone that no other test uses (never an admin phone). */
    public static String randomPhone() {
        return "137" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    /** Registers; an already registered phone is fine (the password must then be the same). */
    public static void register(String phone, String password) {
        int status = given().contentType(ContentType.JSON)
                .body("{\"name\":\"t\",\"tfs\":\"t\",\"email\":\"t@example.com\",\"phone\":\"" + phone + "\",\"upwd\":\""
                        + password + "\"}")
                .post("/imagepic/auth/register").then().extract().statusCode();
        if (status != 200 && status != 409) {
            throw new IllegalStateException("register " + phone + " answered " + status);
        }
    }

    public static String login(String phone, String password) {
        return given().contentType(ContentType.JSON)
                .body("{\"phone\":\"" + phone + "\",\"upwd\":\"" + password + "\"}")
                .post("/imagepic/auth/login").then().statusCode(200).extract().path("data.token");
    }
}

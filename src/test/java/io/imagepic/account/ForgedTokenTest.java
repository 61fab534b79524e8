package io.imagepic.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imagepic.state.AccountStore;
import io.imagepic.state.User;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/** Tokens the service did not issue, or no longer honours, are refused with the envelope. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ForgedTokenTest {

    @Inject
    AuthConfig config;

    @Inject
    AccountStore store;

    String phone;
    User user;

    @BeforeEach
    void member() {
        phone = Tokens.randomPhone();
        Tokens.member(phone);
        user = store.find(phone).orElseThrow();
    }

    @Test
    void aTokenMadeLikeOursWithTheRealKeyIsAccepted() throws Exception {
        // the control: the forgeries below fail for their flaw, not for some other difference
        accepted(claims().sign(realKey()));
    }

    @Test
    void algNoneIsRefused() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = b64("{\"sub\":\"" + user.id() + "\",\"upn\":\"" + phone
                + "\",\"groups\":[\"admin\"],\"iss\":\"imagepic\",\"cv\":1,"
                + "\"iat\":" + Instant.now().getEpochSecond() + ",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}");
        refused(header + "." + payload + ".");
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        refused(claims().sign(rsa.generateKeyPair().getPrivate()));
    }

    @Test
    void hs256WithThePublicKeyAsSecretIsRefused() throws Exception {
        String publicPem = Files.readString(keyDir().resolve(JwtKeys.PUBLIC_KEY_FILE), StandardCharsets.US_ASCII);
        refused(claims().signWithSecret(publicPem));
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        Instant past = Instant.now().minusSeconds(7200);
        refused(claims().issuedAt(past).expiresAt(past.plusSeconds(3600)).sign(realKey()));
    }

    @Test
    void anotherIssuerIsRefused() throws Exception {
        refused(claims().issuer("https://evil.example").sign(realKey()));
    }

    @Test
    void aStaleCredentialVersionOrAnotherAccountIdIsRefused() throws Exception {
        refused(claims().claim(TokenIssuer.CREDENTIAL_VERSION, user.credentialVersion() - 1).sign(realKey()));
        refused(claims().subject("someone-else").sign(realKey()));
        refused(claims().upn(Tokens.randomPhone()).sign(realKey())); // no such account
    }

    @Test
    void rolesComeFromTheConfigurationNotFromTheTokensGroups() throws Exception {
        String token = claims().groups(Set.of("admin", "member")).sign(realKey());
        Tokens.as(token).contentType(ContentType.JSON).body("{\"bucketName\":\"forged-admin\"}")
                .post("/imagepic/bucket/makeBucket").then().statusCode(403).body("msg", equalTo("未满足权限"));
    }

    private JwtClaimsBuilder claims() {
        return Jwt.claims().subject(user.id()).upn(phone).groups(Set.of("member")).issuer(config.jwt().issuer())
                .claim(TokenIssuer.CREDENTIAL_VERSION, user.credentialVersion()).expiresIn(600);
    }

    private Path keyDir() {
        return JwtKeys.generatedKeyDir(config);
    }

    private PrivateKey realKey() throws Exception {
        String pem = Files.readString(keyDir().resolve(JwtKeys.PRIVATE_KEY_FILE), StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void accepted(String token) {
        Tokens.as(token).get("/imagepic/auth/me").then().statusCode(200);
    }

    private static void refused(String token) {
        for (String header : new String[] { token, "Bearer " + token }) {
            given().header("authorization", header).get("/imagepic/auth/me").then().statusCode(401)
                    .body("code", equalTo("-1")).body("msg", equalTo("未满足权限")).body("success", equalTo(false));
            given().header("authorization", header).get("/imagepic/bucket/listBuckets").then().statusCode(401);
        }
    }
}

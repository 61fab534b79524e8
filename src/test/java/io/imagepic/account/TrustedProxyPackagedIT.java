package io.imagepic.account;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.imagepic.support.FakeIngress;
import io.imagepic.support.PackagedService;
import io.imagepic.support.Profiles;
import io.imagepic.support.Tokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Behind an ingress, as the prod manifests deploy it ({@code imagepic.http.behind-proxy}, the Site profile): clients
 * are counted by the address the trusted proxy (127.0.0.1) forwards; three failed logins per address in this
 * profile. Before, the trusted-proxy settings were comments only, every client had the ingress's address, and about
 * 20 failed logins from anyone held back every user's correct password. (Registrations are counted by the same
 * client address; their budget per address is LoginLimitsTest's.)
 */
@ResourceLock(PackagedService.REST_ASSURED)
class TrustedProxyPackagedIT {

    @RegisterExtension
    static final PackagedService service = PackagedService.with(Profiles.Site.SETTINGS);

    @Test
    void twentyFiveFailedLoginsFromOneClientDoNotStopAnother() throws Exception {
        String phone = Tokens.randomPhone();
        Tokens.register(phone, Tokens.PASSWORD);
        try (FakeIngress ingress = new FakeIngress(RestAssured.port)) {
            int held = 0;
            for (int i = 0; i < 25; i++) { // password spraying from client A, one phone after another
                int status = login(ingress, "127.0.0.2", Tokens.randomPhone(), "wrong_pass1",
                        "X-Forwarded-For: 198.51.100." + i /* its own claims are dropped by the ingress */).status();
                held += status == 429 ? 1 : 0;
            }
            assertEquals(22, held, "client A is held back after 3 failures");
            FakeIngress.Answer b = login(ingress, "127.0.0.3", phone, Tokens.PASSWORD);
            assertEquals(200, b.status(), "client B signs in: " + b.body());
        }
    }

    @Test
    void clientsBehindATrustedProxyAreCountedByTheirForwardedAddress() {
        for (int i = 0; i < 3; i++) {
            assertEquals(401, login("203.0.113.5", Tokens.randomPhone()));
        }
        assertEquals(429, login("203.0.113.5", Tokens.randomPhone()), "the sprayer is held back");
        assertEquals(401, login("198.51.100.9", Tokens.randomPhone()), "another client behind the same proxy is not");
        // IPv6 clients count per /64: another address of the same /64 is the same client
        for (int i = 0; i < 3; i++) {
            assertEquals(401, login("[2001:db8:1:2::" + (i + 1) + "]", Tokens.randomPhone()));
        }
        assertEquals(429, login("[2001:db8:1:2:ffff::9]", Tokens.randomPhone()));
        assertEquals(401, login("[2001:db8:1:3::1]", Tokens.randomPhone()));
    }

    @Test
    void aClientThatIsNoTrustedProxyCannotNameItsAddress() throws Exception {
        // straight to the service from 127.0.0.6, not through the ingress: its X-Forwarded-For is ignored
        for (int i = 0; i < 3; i++) {
            assertEquals(401, directLogin("127.0.0.6", "X-Forwarded-For: 192.0.2." + i));
        }
        assertEquals(429, directLogin("127.0.0.6", "X-Forwarded-For: 192.0.2.99"), "counted as 127.0.0.6 all along");
    }

    private static int directLogin(String from, String header) throws Exception {
        try (java.net.Socket s = new java.net.Socket()) {
            s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName(from), 0));
            s.connect(new java.net.InetSocketAddress("127.0.0.1", RestAssured.port));
            byte[] body = ("{\"phone\":\"" + Tokens.randomPhone() + "\",\"upwd\":\"wrong_pass1\"}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            s.getOutputStream().write(("POST /imagepic/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n" + header + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            s.getOutputStream().write(body);
            String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return Integer.parseInt(answer.substring(9, 12));
        }
    }

    private static FakeIngress.Answer login(FakeIngress ingress, String client, String phone, String password,
            String... headers) throws Exception {
        return ingress.send(client, "POST", "/imagepic/auth/login",
                "{\"phone\":\"" + phone + "\",\"upwd\":\"" + password + "\"}", headers);
    }

    private static int login(String forwardedFor, String phone) {
        return given().header("X-Forwarded-For", forwardedFor).contentType(ContentType.JSON)
                .body("{\"phone\":\"" + phone + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}").post("/imagepic/auth/login")
                .statusCode();
    }
}

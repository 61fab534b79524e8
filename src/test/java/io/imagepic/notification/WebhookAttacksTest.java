package io.imagepic.notification;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * An admin (or a stolen admin token) aims webhooks at the host's own services, the cloud metadata endpoint or
 * the cluster's internal network: refused after DNS resolution. The test profile allows exactly 127.0.0.1 (where the
 * tests' receivers listen), so these are the attacks around that hole, also through IPv6 forms that carry an IPv4
 * address; that the defaults (no allow-list) refuse 127.0.0.1, localhost and every other internal address is
 * {@link WebhookAddressesTest}.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class WebhookAttacksTest {

    @ParameterizedTest(name = "webhook to {0}")
    @ValueSource(strings = { "http://127.0.0.2:8080/hook", "http://169.254.169.254/latest/meta-data/",
            "http://[::ffff:169.254.169.254]/x", "http://[::1]/x", "http://10.0.0.1/x", "http://192.168.0.10/x",
            "http://[::ffff:10.0.0.1]/x",
            // IPv4 inside IPv6: NAT64 of the metadata endpoint, IPv4-compatible loopback, 6to4 of loopback, and
            // Teredo whose (inverted) client address is 127.0.0.1
            "http://[64:ff9b::a9fe:a9fe]/", "http://[::127.0.0.1]/", "http://[2002:7f00:1::]/",
            "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "http://192.0.2.10/x" })
    void internalTargetsAreRefused(String url) {
        Tokens.asAdmin().header("Accept-Language", "en").contentType(ContentType.JSON)
                .body("{\"url\":\"" + url + "\"}").post("/imagepic/notification/webhooks")
                .then().statusCode(400).body("success", equalTo(false))
                .body("data.err", containsString("webhook-allowed-hosts"));
        Tokens.asAdmin().get("/imagepic/notification/webhooks").then().statusCode(200)
                .body("data.url.flatten()", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(url)));
    }
}

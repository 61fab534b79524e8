package io.imagepic.console;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import io.imagepic.support.Multipart;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.imagepic.support.WebhookReceiver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An admin creates a bucket, makes it public, mints a service token (its secret shown once and copied) and
 * revokes it, adds and removes a webhook, and watches the activity stream; a member sees none of it.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleAdminTest extends ConsoleBrowserTest {

    static final String BUCKET = "console-admin";
    static WebhookReceiver receiver;

    @AfterAll
    static void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    @Order(1)
    void adminSeesTheAdminPages() {
        Tokens.register(Tokens.ADMIN_PHONE, Tokens.PASSWORD);
        browser.signIn(Tokens.ADMIN_PHONE, Tokens.PASSWORD);
        assertThat(browser.all("nav.main-nav li:not(.menu-only) a").stream().map(WebElement::getText).toList(),
                contains("Upload", "Gallery", "Buckets", "Users", "Service tokens", "Webhooks", "Activity", "Connect a tool"));
    }

    @Test
    @Order(2)
    void createABucketAndMakeItPublic() {
        browser.go("/buckets");
        browser.find("input[name=bucketName]").sendKeys(BUCKET);
        browser.click("form.inline-form button[type=submit]");
        String row = ".row[data-bucket='" + BUCKET + "']";
        browser.find(row);
        assertEquals("private", browser.find(row).getDomAttribute("data-policy"));
        assertTrue(Tokens.as(Tokens.admin()).get("/imagepic/bucket/listBuckets").then().extract()
                .<List<String>> path("data.name").contains(BUCKET));

        browser.click(row + " button[data-action=visibility]");
        browser.confirm();
        browser.waitFor("return document.querySelector(arguments[0]).dataset.policy === 'public-read'", row);
        assertEquals("Public", browser.find(row + " .badge").getText());
        Tokens.as(Tokens.admin()).get("/imagepic/policy/getBucketPolicy?bucketName=" + BUCKET).then()
                .body("data.policy", equalTo("public-read"));

        // a name the service refuses never leaves the page; an existing one is explained
        browser.find("input[name=bucketName]").sendKeys("Bad_Name");
        browser.click("form.inline-form button[type=submit]");
        assertThat(browser.find(".form-message.error").getText(), startsWith("3–63 lower-case letters"));
        browser.find("input[name=bucketName]").clear();
        browser.find("input[name=bucketName]").sendKeys(BUCKET);
        browser.click("form.inline-form button[type=submit]");
        browser.waitFor("return document.querySelector('.form-message.error').textContent === arguments[0]",
                "Bucket " + BUCKET + " already exists.");
        browser.allow("status of 409");
        browser.find("input[name=bucketName]").clear();
    }

    @Test
    @Order(3)
    void mintAServiceTokenCopyItOnceAndRevokeIt() {
        browser.go("/tokens");
        browser.find("input[name=name]").sendKeys("shop-bff");
        browser.click("input[name=scope][value=read]"); // upload is ticked already
        browser.click("input[name=bucket][value='" + BUCKET + "']");
        browser.click("form.card button[type=submit]");

        WebElement secret = browser.find(".secret-panel input.secret");
        String token = secret.getDomProperty("value");
        assertThat(token, startsWith("ipt_"));
        browser.click(".secret-panel button");
        browser.waitUntil(d -> browser.clipboard().equals(token));
        Tokens.as(token).get("/imagepic/auth/me").then().statusCode(200)
                .body("data.service", equalTo(true)).body("data.name", equalTo("shop-bff"))
                .body("data.buckets", contains(BUCKET)).body("data.scopes", contains("upload", "read"));
        String row = ".row[data-name='shop-bff']";
        assertThat(browser.find(row + " .row-meta").getText(), startsWith("buckets: " + BUCKET));

        // the secret is never shown again: not in the list, not after a reload of the page
        browser.go("/buckets");
        browser.go("/tokens");
        browser.find(row);
        assertTrue(browser.all(".secret-panel").isEmpty());
        assertTrue(!browser.driver.getPageSource().contains(token));

        browser.click(row + " button[data-action=revoke]");
        browser.confirm();
        browser.waitFor("return document.querySelector(arguments[0]) === null", row);
        Tokens.as(token).get("/imagepic/auth/me").then().statusCode(401);
    }

    @Test
    @Order(4)
    void addAWebhookSeeItsDeliveriesAndRemoveIt() throws Exception {
        receiver = WebhookReceiver.start();
        browser.go("/webhooks");
        browser.find("input[name=url]").sendKeys(receiver.url("/hooks/imagepic"));
        new Select(browser.find("select[name=bucket]")).selectByValue(BUCKET);
        browser.click("input[name=event][value='s3:ObjectCreated:*']");
        browser.click("form.card button[type=submit]");
        String secret = browser.find(".secret-panel input.secret").getDomProperty("value");
        assertTrue(secret.length() >= 16, secret);
        String row = ".row[data-url='" + receiver.url("/hooks/imagepic") + "']";
        assertEquals(receiver.url("/hooks/imagepic"), browser.find(row + " .row-title").getText());

        upload("hooked.png");
        assertTrue(receiver.next(Duration.ofSeconds(20)) != null, "delivery");
        browser.waitUntil(d -> {
            browser.click(".list-header button"); // refresh
            return "1".equals(browser.find(row + " [data-count=delivered] strong").getText());
        });

        // a test event, whatever the filter (this one only wants uploads): delivered, signed, and counted
        browser.click(row + " button[data-action=test]");
        WebhookReceiver.Received test = receiver.next(Duration.ofSeconds(20));
        assertTrue(test != null, "test delivery");
        assertEquals("s3:TestEvent", test.header("x-imagepic-event"));
        assertThat(new String(test.body(), java.nio.charset.StandardCharsets.UTF_8),
                containsString("\"bucket\":\"" + BUCKET + "\""));
        // the page follows the counters by itself, and says so
        browser.waitFor("const s = document.querySelector(arguments[0]); return s !== null && s.textContent === '2'",
                row + " [data-count=delivered] strong");
        browser.waitFor("return [...document.querySelectorAll('.toast')].some((t) => t.textContent === arguments[0])",
                "Test event delivered to " + receiver.url("/hooks/imagepic"));

        browser.click(row + " button[data-action=remove]");
        browser.confirm();
        browser.waitFor("return document.querySelector(arguments[0]) === null", row);
        Tokens.as(Tokens.admin()).get("/imagepic/notification/webhooks").then()
                .body("data.url", not(hasItem(receiver.url("/hooks/imagepic"))));
    }

    @Test
    @Order(5)
    void theActivityPageShowsEventsLive() {
        browser.go("/activity");
        browser.waitFor("return document.querySelector('.live-badge').dataset.state === 'live'");
        upload("live.png");
        browser.find(".events .event[data-key='live.png']");
        assertThat(browser.find(".events .event[data-key='live.png'] .event-where").getText(), equalTo(BUCKET + "/live.png"));
        assertEquals("uploaded", browser.find(".events .event[data-key='live.png'] .badge").getText());
    }

    @Test
    @Order(6)
    void aMemberGetsNoAdminPages() {
        String member = Tokens.randomPhone();
        Tokens.register(member, Tokens.PASSWORD);
        browser.click(".topbar .account .button"); // sign out
        browser.signIn(member, Tokens.PASSWORD);
        assertThat(browser.all("nav.main-nav li:not(.menu-only) a").stream().map(WebElement::getText).toList(),
                contains("Upload", "Gallery"));
        browser.go("/tokens");
        browser.waitFor(
                "return document.querySelector('main p') && document.querySelector('main p').textContent === 'This page is for admins only.'");
        assertTrue(browser.driver.findElements(By.cssSelector("form")).isEmpty());
    }

    private static void upload(String name) {
        Tokens.as(Tokens.admin()).header("bucket", BUCKET).contentType(Multipart.contentType())
                .body(new Multipart().file(name, TestImages.png(5, 64, 64)).bytes())
                .post("/imagepic/object/putObject").then().statusCode(200);
    }
}

package io.imagepic.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The users page, through the existing API: an admin lists accounts, creates an invite (its link shown once and
 * copied) and revokes it, grants and revokes admin rights, disables and enables an account, and resets a
 * password (the temporary one shown once).
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleUsersTest extends ConsoleBrowserTest {

    static final String MEMBER = Tokens.randomPhone();
    /** Unique: other classes sharing the application make invites too. */
    static final String NOTE = "designer " + MEMBER;
    static final String ROW = ".rows.users .row[data-phone='" + MEMBER + "']";

    @Test
    @Order(1)
    void theAdminSeesEveryAccount() {
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"Wei Lan\",\"tfs\":\"design\",\"email\":\"wl@example.com\",\"phone\":\""
                        + MEMBER + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}")
                .post("/imagepic/auth/register").then().statusCode(200);
        browser.signIn(Tokens.ADMIN_PHONE, Tokens.PASSWORD);
        browser.go("/users");
        assertEquals("Wei Lan", browser.find(ROW + " .row-title").getText());
        assertThat(browser.find(ROW + " .row-meta").getText(), startsWith(MEMBER + " · design · wl@example.com"));
        assertEquals("true",
                browser.find(".rows.users .row[data-phone='" + Tokens.ADMIN_PHONE + "']").getDomAttribute("data-admin"));
        assertEquals("false", browser.find(ROW).getDomAttribute("data-admin"));
        // an account made by the admin signs in at once; a taken phone is explained
        String made = Tokens.randomPhone();
        browser.find("form.create-account input[name=name]").sendKeys("Made By Admin");
        browser.find("form.create-account input[name=email]").sendKeys("made@example.com");
        browser.find("form.create-account input[name=phone]").sendKeys(made);
        browser.find("form.create-account input[name=password]").sendKeys(Tokens.PASSWORD);
        browser.click("form.create-account button[type=submit]");
        assertEquals("Account " + made + " created", browser.find("form.create-account .form-message.ok").getText());
        assertEquals("Made By Admin", browser.find(".rows.users .row[data-phone='" + made + "'] .row-title").getText());
        loginStatus(made, Tokens.PASSWORD, 200);
        browser.find("form.create-account input[name=email]").sendKeys("again@example.com");
        browser.find("form.create-account input[name=phone]").sendKeys(MEMBER);
        browser.find("form.create-account input[name=password]").sendKeys(Tokens.PASSWORD);
        browser.click("form.create-account button[type=submit]");
        assertEquals("The phone " + MEMBER + " is already registered.",
                browser.find("form.create-account .form-message.error").getText());
        browser.allow("status of 409");
        // open registration: the page says invites are not needed here
        browser.waitFor("return [...document.querySelectorAll('form.card .hint')]"
                + ".some((p) => !p.hidden && p.textContent.startsWith('Registration is open'))");
    }

    @Test
    @Order(2)
    void anInviteLinkIsShownOnceCopiedAndRevoked() {
        browser.find("input[name=note]").sendKeys(NOTE);
        browser.click("form.card button[type=submit]");
        String link = browser.find(".secret-panel input.secret").getDomProperty("value");
        assertThat(link, startsWith(browser.base + "#/signin?mode=register&invite="));
        String code = link.substring(link.indexOf("invite=") + "invite=".length());
        assertEquals(code, browser.find(".secret-slot .invite-code").getText());
        browser.click(".secret-panel button");
        browser.waitUntil(d -> browser.clipboard().equals(link));

        String invite = ".rows.invites .row";
        browser.waitFor(
                "return [...document.querySelectorAll(arguments[0])].some((r) => r.textContent.includes(arguments[1]))",
                invite, NOTE);
        String id = Tokens.as(Tokens.admin()).get("/imagepic/auth/invites").then().statusCode(200)
                .body("data.note", hasItem(NOTE)).extract().path("data.find { it.note == '" + NOTE + "' }.id");
        assertTrue(code.startsWith(id), "the code begins with the invite's id");

        browser.click(invite + "[data-invite='" + id + "'] button[data-action=revoke]");
        browser.confirm();
        browser.waitFor("return document.querySelector(arguments[0]) === null", invite + "[data-invite='" + id + "']");
        Tokens.as(Tokens.admin()).get("/imagepic/auth/invites").then().body("data.id", not(hasItem(id)));
        done(); // the link is gone from the page
        assertTrue(!browser.driver.getPageSource().contains(code));
    }

    @Test
    @Order(3)
    void grantAndRevokeAdminRights() {
        String token = Tokens.login(MEMBER, Tokens.PASSWORD);
        browser.click(ROW + " button[data-action=admin]");
        browser.waitFor("return document.querySelector(arguments[0]).dataset.admin === 'true'", ROW);
        assertEquals("Admin", browser.find(ROW + " [data-badge=admin]").getText());
        Tokens.as(token).get("/imagepic/auth/me").then().statusCode(200).body("data.admin", equalTo(true));

        browser.click(ROW + " button[data-action=admin]");
        browser.confirm();
        browser.waitFor("return document.querySelector(arguments[0]).dataset.admin === 'false'", ROW);
        Tokens.as(token).get("/imagepic/auth/me").then().statusCode(200).body("data.admin", equalTo(false));

        // the last admin cannot demote itself: the refusal is explained, nothing changes
        String self = ".rows.users .row[data-phone='" + Tokens.ADMIN_PHONE + "']";
        browser.click(self + " button[data-action=admin]");
        browser.confirm();
        browser.waitFor("return [...document.querySelectorAll('.toast')].some((t) => t.textContent === arguments[0])",
                "The last admin cannot be demoted or disabled.");
        browser.allow("status of 409");
        assertEquals("true", browser.find(self).getDomAttribute("data-admin"));
    }

    @Test
    @Order(4)
    void disableAndEnableAnAccount() {
        String token = Tokens.login(MEMBER, Tokens.PASSWORD);
        browser.click(ROW + " button[data-action=disabled]");
        browser.confirm();
        browser.waitFor("return document.querySelector(arguments[0]).dataset.disabled === 'true'", ROW);
        Tokens.as(token).get("/imagepic/auth/me").then().statusCode(401);
        loginStatus(MEMBER, Tokens.PASSWORD, 403);

        browser.click(ROW + " button[data-action=disabled]");
        browser.waitFor("return document.querySelector(arguments[0]).dataset.disabled === 'false'", ROW);
        loginStatus(MEMBER, Tokens.PASSWORD, 200);
    }

    @Test
    @Order(5)
    void resetAPasswordShowsTheTemporaryOneOnce() {
        browser.click(ROW + " button[data-action=password]");
        browser.confirm();
        browser.waitFor(
                "const h = document.querySelector('.secret-panel h2'); return h !== null && h.textContent === arguments[0]",
                "Temporary password of Wei Lan");
        String temporary = browser.find(".secret-panel input.secret").getDomProperty("value");
        assertTrue(temporary.matches("[A-Za-z0-9]{16}"), temporary);
        browser.find(ROW + " [data-badge=temporary]");
        loginStatus(MEMBER, Tokens.PASSWORD, 401); // the old password is gone
        loginStatus(MEMBER, temporary, 403); // the temporary one only serves to set a new one
        given().contentType(ContentType.JSON)
                .body("{\"phone\":\"" + MEMBER + "\",\"opwd\":\"" + temporary + "\",\"npwd\":\"" + Tokens.PASSWORD + "\"}")
                .post("/imagepic/auth/change").then().statusCode(200);
        loginStatus(MEMBER, Tokens.PASSWORD, 200);
        done();
        browser.go("/upload");
        browser.go("/users");
        browser.find(ROW);
        assertTrue(!browser.driver.getPageSource().contains(temporary), "shown again");
    }

    @Test
    @Order(6)
    void aMemberGetsNoUsersPage() {
        browser.click(".topbar .account .button");
        browser.signIn(MEMBER, Tokens.PASSWORD);
        browser.go("/users");
        browser.waitFor("return document.querySelector('main p') !== null"
                + " && document.querySelector('main p').textContent === 'This page is for admins only.'");
        assertTrue(browser.all(".rows.users").isEmpty());
    }

    /** The "Done" under something shown once (scrolled into view: the top bar sticks over the page's top). */
    private static void done() {
        org.openqa.selenium.WebElement button = browser.find(".secret-slot .button.ghost");
        browser.js("arguments[0].scrollIntoView({ block: 'center' })", button);
        button.click();
        browser.waitFor("return document.querySelector('.secret-slot').children.length === 0");
    }

    private static void loginStatus(String phone, String password, int status) {
        given().contentType(ContentType.JSON).body("{\"phone\":\"" + phone + "\",\"upwd\":\"" + password + "\"}")
                .post("/imagepic/auth/login").then().statusCode(status);
    }
}

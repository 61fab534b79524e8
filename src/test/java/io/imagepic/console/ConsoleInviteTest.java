package io.imagepic.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;

import io.imagepic.support.Profiles;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Registration mode {@code invite}, as the console learns it from the API: the register form asks for the invite
 * code, which an admin's invite link fills in; a used code is refused in plain words.
 */
@QuarkusTest
@TestProfile(Profiles.Invite.class)
@WithTestResource(S3ProxyResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleInviteTest extends ConsoleBrowserTest {

    static final String INVITED = Tokens.randomPhone();
    static String link;

    @Test
    @Order(1)
    void anAdminMakesAnInviteLink() {
        given().get("/imagepic/auth/registration").then().body("data.mode", equalTo("invite"));
        browser.signIn(Tokens.ADMIN_PHONE, Tokens.PASSWORD);
        browser.go("/users");
        browser.find("input[name=note]").sendKeys("for the new designer");
        browser.click("form.card button[type=submit]");
        link = browser.find(".secret-panel input.secret").getDomProperty("value");
        assertThat(link, startsWith(browser.base + "#/signin?mode=register&invite="));
        // invite mode: no note that invites are useless here
        assertTrue(browser.all("form.card .hint").stream().noneMatch(p -> p.isDisplayed()
                && (p.getText().startsWith("Registration is open") || p.getText().startsWith("Registration is closed"))));
        browser.click(".topbar .account .button"); // sign out
        browser.find("h1#auth-title");
    }

    @Test
    @Order(2)
    void theLinkOpensTheRegisterFormWithTheCodeFilledIn() {
        openLink();
        browser.waitFor("return document.querySelector('.auth-card').dataset.registration === 'invite'");
        String code = link.substring(link.indexOf("invite=") + "invite=".length());
        assertEquals(code, browser.find("input[name=invite]").getDomProperty("value"));
        assertEquals("Registration here needs an invite from an admin.", browser.find("p[data-registration=invite]").getText());
        register(INVITED);
        browser.find(".dropzone");
        assertEquals(INVITED, browser.find(".account-link").getText());
        Tokens.login(INVITED, Tokens.PASSWORD);
    }

    @Test
    @Order(3)
    void aUsedCodeIsRefusedInPlainWords() {
        browser.click(".topbar .account .button");
        browser.find("h1#auth-title");
        openLink();
        String other = Tokens.randomPhone();
        register(other);
        browser.waitFor("return document.querySelector('.form-message.error') !== null"
                + " && document.querySelector('.form-message.error').textContent === arguments[0]",
                "This invite code is unknown, used or expired. Ask an admin for a new one.");
        browser.allow("status of 403");
        given().contentType("application/json").body("{\"phone\":\"" + other + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}")
                .post("/imagepic/auth/login").then().statusCode(401);
        // the register tab without a link asks for the code too
        browser.open("/signin");
        browser.click(".segmented button:nth-child(2)");
        browser.find("input[name=invite]");
        browser.find("input[name=email]").sendKeys("x@example.com");
        browser.find("input[name=phone]").sendKeys(other);
        browser.find("input[name=password]").sendKeys(Tokens.PASSWORD, Keys.ENTER);
        assertEquals("The code of your invite (the invite link fills it in).", browser.find(".form-message.error").getText());
    }

    private static void openLink() {
        browser.driver.get("about:blank");
        browser.driver.get(link);
        browser.find("input[name=invite]");
    }

    private static void register(String phone) {
        browser.find("input[name=name]").sendKeys("Invited One");
        browser.find("input[name=email]").sendKeys("invited@example.com");
        browser.find("input[name=phone]").sendKeys(phone);
        browser.find("input[name=password]").sendKeys(Tokens.PASSWORD, Keys.ENTER);
    }
}

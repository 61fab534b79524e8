package io.imagepic.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Registration (open mode), password change and sign-out, through the pages. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleAccountTest extends ConsoleBrowserTest {

    static final String PHONE = Tokens.randomPhone();
    static final String NEW_PASSWORD = "Changed_pass2";

    @Test
    @Order(1)
    void registerAndLandSignedIn() {
        browser.open("/signin?mode=register");
        browser.find("input[name=name]").sendKeys("Li Lei");
        browser.find("input[name=team]").sendKeys("fe");
        browser.find("input[name=email]").sendKeys("lilei@example.com");
        browser.find("input[name=phone]").sendKeys(PHONE);
        browser.find("input[name=password]").sendKeys(Tokens.PASSWORD, Keys.ENTER);
        browser.find(".dropzone");
        assertEquals(PHONE, browser.find(".account-link").getText());
        // a second registration of the phone is explained
        browser.click(".topbar .account .button");
        browser.click(".segmented button:nth-child(2)");
        browser.find("input[name=email]").sendKeys("lilei@example.com");
        browser.find("input[name=phone]").sendKeys(PHONE);
        browser.find("input[name=password]").sendKeys(Tokens.PASSWORD, Keys.ENTER);
        browser.waitFor("return document.querySelector('.form-message.error').textContent === arguments[0]",
                "This phone is already registered. Sign in instead.");
        browser.allow("status of 409");
    }

    @Test
    @Order(2)
    void changeThePasswordEndsOtherSessions() {
        String elsewhere = Tokens.login(PHONE, Tokens.PASSWORD);
        browser.signIn(PHONE, Tokens.PASSWORD);
        browser.go("/account");
        browser.find("input[name=old]").sendKeys("wrong_pass9");
        browser.find("input[name=new]").sendKeys(NEW_PASSWORD);
        browser.find("input[name=again]").sendKeys(NEW_PASSWORD, Keys.ENTER);
        browser.waitFor(
                "return document.querySelector('.form-message.error').textContent === 'The current password is wrong.'");
        browser.allow("status of 401");
        browser.find("input[name=old]").clear();
        browser.find("input[name=old]").sendKeys(Tokens.PASSWORD);
        browser.find("input[name=new]").clear();
        browser.find("input[name=new]").sendKeys(NEW_PASSWORD);
        browser.find("input[name=again]").clear();
        browser.find("input[name=again]").sendKeys(NEW_PASSWORD, Keys.ENTER);
        browser.find(".form-message.ok");
        // the page carries on with the fresh token; the token from before the change is refused
        Tokens.as(elsewhere).get("/imagepic/auth/me").then().statusCode(401);
        browser.go("/gallery");
        browser.find("select[name=bucket]");
        assertEquals(PHONE, browser.find(".account-link").getText());
        Tokens.login(PHONE, NEW_PASSWORD);
    }

    @Test
    @Order(3)
    void anEndedSessionLeadsBackToSignIn() {
        // another password change elsewhere ends the page's token: its next call is answered 401
        Tokens.as(Tokens.login(PHONE, NEW_PASSWORD)).contentType(ContentType.JSON)
                .body("{\"phone\":\"" + PHONE + "\",\"opwd\":\"" + NEW_PASSWORD + "\",\"npwd\":\"" + Tokens.PASSWORD + "\"}")
                .post("/imagepic/auth/change").then().statusCode(200);
        browser.go("/upload");
        browser.find("h1#auth-title");
        // news about the session, not a success: the information style (issue #23)
        assertEquals("Your session expired. Please sign in again.", browser.find(".form-message.info").getText());
        assertEquals(0, browser.all(".form-message.ok").size());
        browser.allow("status of 401");
        assertEquals(Boolean.TRUE, browser.js("return sessionStorage.getItem('imagepic.token') === null"));
    }
}

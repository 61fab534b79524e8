package io.imagepic.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WindowType;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.ShortTokens;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Sessions that last, in Chromium: "keep me signed in" sets the refresh cookie (HttpOnly, Secure, SameSite=Strict,
 * its own path, accepted on http://localhost), a new tab of the browser opens signed in, the console outlives
 * short-lived access tokens, sign-out in one tab ends the other, a replayed refresh token ends its family, and a
 * locked-out sign-in counts down the seconds the service gave.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleSessionTest extends ConsoleBrowserTest {

    static final String PHONE = Tokens.randomPhone();

    @Test
    @Order(1)
    void keepMeSignedInSetsAnHttpOnlyCookieAndANewTabOpensSignedIn() {
        Tokens.register(PHONE, Tokens.PASSWORD);
        browser.open("/signin");
        assertEquals(Boolean.TRUE, browser.find("input[name=keep]").isSelected()); // on by default
        browser.signIn(PHONE, Tokens.PASSWORD);
        Map<String, Object> cookie = refreshCookie();
        assertNotNull(cookie, "the refresh cookie");
        assertEquals(Boolean.TRUE, cookie.get("httpOnly"));
        assertEquals(Boolean.TRUE, cookie.get("secure"));
        assertEquals("Strict", cookie.get("sameSite"));
        assertEquals("/imagepic/auth/session", cookie.get("path"));
        assertEquals(Boolean.TRUE, browser.js("return document.cookie.indexOf('imagepic_refresh') < 0")); // no script sees it

        String first = browser.driver.getWindowHandle();
        browser.driver.switchTo().newWindow(WindowType.TAB);
        browser.driver.get(browser.base + "#/gallery");
        browser.find("nav.main-nav");
        assertEquals("/gallery", browser.js("return document.querySelector('main').dataset.page"));
        assertEquals(PHONE, browser.find(".account-link").getText());
        browser.driver.close();
        browser.driver.switchTo().window(first);
    }

    @Test
    @Order(2)
    void theConsoleOutlivesItsAccessTokens() throws Exception {
        try (AutoCloseable shortLived = ShortTokens.use(Duration.ofSeconds(6))) {
            freshSignIn(); // a new session: its tokens live 6 s
            String first = token();
            // the console gets new tokens before each expires, with no sign-in: several times over
            browser.waitFor("return sessionStorage.getItem('imagepic.token') !== arguments[0]", first);
            String second = token();
            browser.waitFor("return sessionStorage.getItem('imagepic.token') !== arguments[0]", second);
            browser.waitUntil(d -> Tokens.as(first).get("/imagepic/auth/me").statusCode() == 401); // the first one expired
            browser.go("/gallery");
            browser.find("select[name=bucket]");
            browser.go("/account");
            browser.find("input[name=old]");
            assertEquals(0, browser.all("h1#auth-title").size());
            Tokens.as(token()).get("/imagepic/auth/me").then().statusCode(200);
        }
    }

    @Test
    @Order(3)
    void signOutInOneTabEndsTheOther() {
        freshSignIn();
        String refresh = (String) refreshCookie().get("value");
        String first = browser.driver.getWindowHandle();
        browser.driver.switchTo().newWindow(WindowType.TAB);
        browser.driver.get(browser.base + "#/upload");
        browser.find(".dropzone");
        browser.click(".topbar .account .button"); // sign out here
        browser.find("h1#auth-title");
        browser.driver.close();
        browser.driver.switchTo().window(first);
        browser.find("h1#auth-title");
        assertEquals("You are signed out.", browser.find(".form-message.info").getText());
        assertEquals(Boolean.TRUE, browser.js("return sessionStorage.getItem('imagepic.token') === null"));
        // and on the service: the session's refresh token no longer works
        given().cookie("imagepic_refresh", refresh).post("/imagepic/auth/session/refresh").then().statusCode(401);
        // the first tab may have asked for a new token before it heard of the sign-out: refused, as it should be
        browser.allow("session/refresh - Failed to load resource: the server responded with a status of 401");
    }

    @Test
    @Order(4)
    void aReplayedRefreshTokenIsRefusedAndEndsItsFamily() {
        freshSignIn();
        String stolen = (String) refreshCookie().get("value");
        // the console refreshes (a new tab): the cookie it holds now is the next one of the family
        String first = browser.driver.getWindowHandle();
        browser.driver.switchTo().newWindow(WindowType.TAB);
        browser.driver.get(browser.base + "#/upload");
        browser.find(".dropzone");
        browser.driver.close();
        browser.driver.switchTo().window(first);
        String current = (String) refreshCookie().get("value");
        assertEquals(false, stolen.equals(current));
        // the old one, replayed by someone else: refused, and the whole family ends
        given().cookie("imagepic_refresh", stolen).post("/imagepic/auth/session/refresh").then().statusCode(401);
        given().cookie("imagepic_refresh", current).post("/imagepic/auth/session/refresh").then().statusCode(401);
        // the browser's session is over too: a new tab asks to sign in, as information
        browser.driver.switchTo().newWindow(WindowType.TAB);
        browser.driver.get(browser.base + "#/upload");
        browser.find("h1#auth-title");
        browser.allow("status of 401");
        browser.driver.close();
        browser.driver.switchTo().window(first);
    }

    @Test
    @Order(5)
    void aLockedOutSignInCountsTheSecondsDown() {
        String phone = Tokens.randomPhone();
        Tokens.register(phone, Tokens.PASSWORD);
        for (int i = 0; i < 4; i++) { // imagepic.auth.login.max-failures is 5: the fifth is made in the page
            given().contentType(ContentType.JSON).body(Map.of("phone", phone, "upwd", "wrong_pass" + i))
                    .post("/imagepic/auth/login").then().statusCode(401);
        }
        forget();
        browser.open("/signin");
        browser.find("input[name=phone]").sendKeys(phone);
        browser.find("input[name=password]").sendKeys("wrong_pass9", Keys.ENTER);
        browser.waitFor("return document.querySelector('.form-message.error') !== null"
                + " && document.querySelector('.form-message.error').textContent === 'Wrong phone or password.'");
        // at once the right password: held back for the first delay (5 s), which the page counts down
        browser.find("input[name=password]").clear();
        browser.find("input[name=password]").sendKeys(Tokens.PASSWORD, Keys.ENTER);
        browser.find(".countdown");
        String reason = browser.find(".form-message.error").getText();
        assertThat(reason, matchesPattern("(?s)too many failed attempts, retry in \\d+ seconds.*"));
        String seconds = (String) browser.js("return document.querySelector('.countdown').dataset.seconds");
        assertThat(Integer.parseInt(seconds), greaterThan(0));
        assertThat(browser.find(".countdown").getText(), matchesPattern("Try again in \\d+ s\\."));
        assertEquals(Boolean.FALSE, browser.js("return !document.querySelector('form button[type=submit]').disabled"));
        // it counts down
        browser.waitFor("return Number(document.querySelector('.countdown').dataset.seconds) < Number(arguments[0])", seconds);
        browser.allow("status of 429");
        browser.allow("status of 401");
        assertThat(Integer.parseInt((String) browser.js("return document.querySelector('.countdown').dataset.seconds")),
                lessThan(Integer.parseInt(seconds)));
    }

    /** This browser forgets every session (storage and cookies), then signs in with "keep me signed in". */
    private static void freshSignIn() {
        forget();
        browser.signIn(PHONE, Tokens.PASSWORD);
    }

    private static void forget() {
        browser.open("/signin");
        browser.js("sessionStorage.clear(); localStorage.clear()");
        // the page gone before the cookies are: a refresh it still had in flight cannot set one after the clearing
        // (a busy machine once signed the next page in with it)
        browser.driver.get("about:blank");
        browser.driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        browser.open("/signin");
        browser.find("h1#auth-title");
        browser.allow("status of 401"); // calls of the page left behind, with a token now gone
    }

    private static String token() {
        return (String) browser.js("return sessionStorage.getItem('imagepic.token')");
    }

    /** The refresh cookie as Chromium keeps it (script cannot see it: CDP can). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> refreshCookie() {
        Map<String, Object> answer = browser.driver.executeCdpCommand("Network.getCookies",
                Map.of("urls", List.of(browser.base + "imagepic/auth/session/refresh")));
        return ((List<Map<String, Object>>) answer.get("cookies")).stream()
                .filter(c -> "imagepic_refresh".equals(c.get("name"))).findFirst().orElse(null);
    }
}

package io.imagepic.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.imagepic.support.Profiles;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Registration mode {@code closed}: the sign-in page offers no registration, even when a link asks for it. */
@QuarkusTest
@TestProfile(Profiles.Closed.class) // the same application as ClosedRegistrationAndAnonymousReadsTest
@WithTestResource(S3ProxyResource.class)
class ConsoleClosedRegistrationTest extends ConsoleBrowserTest {

    @Test
    void noRegistrationIsOffered() {
        for (String route : new String[] { "/signin", "/signin?mode=register", "/signin?mode=register&invite=abc" }) {
            browser.open(route);
            browser.waitFor("return document.querySelector('.auth-card').dataset.registration === 'closed'");
            assertTrue(browser.all(".segmented").isEmpty(), route);
            assertTrue(browser.all("input[name=email]").isEmpty(), route);
            assertEquals("New accounts are created by an admin.", browser.find("p[data-registration=closed]").getText());
        }
        browser.find("input[name=phone]").sendKeys(Tokens.ADMIN_PHONE);
        browser.find("input[name=password]").sendKeys(Tokens.PASSWORD, org.openqa.selenium.Keys.ENTER);
        browser.find("nav.main-nav");
    }
}

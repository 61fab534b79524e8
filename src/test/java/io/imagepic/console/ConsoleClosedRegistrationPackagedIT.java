package io.imagepic.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.imagepic.support.PackagedService;
import io.imagepic.support.Profiles;
import io.imagepic.support.Tokens;

/** Registration mode {@code closed}: the sign-in page offers no registration, even when a link asks for it. */
@ResourceLock(PackagedService.REST_ASSURED)
class ConsoleClosedRegistrationPackagedIT extends ConsoleBrowserTest {

    @RegisterExtension
    static final PackagedService service = PackagedService.with(Profiles.Closed.SETTINGS);

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

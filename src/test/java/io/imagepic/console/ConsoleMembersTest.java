package io.imagepic.console;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.support.ui.Select;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A bucket's members on the buckets page: listed with their roles, granted (phone and role), changed, revoked. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleMembersTest extends ConsoleBrowserTest {

    static final String BUCKET = "console-members";
    static final String MEMBER = Tokens.randomPhone();
    static final String PANEL = ".row[data-bucket='" + BUCKET + "'] .members-panel";
    static final String ENTRY = PANEL + " .member[data-member='" + MEMBER + "']";

    @Test
    @Order(1)
    void openTheMembersOfABucket() {
        bucket(BUCKET, false);
        Tokens.register(MEMBER, Tokens.PASSWORD);
        browser.signIn(Tokens.ADMIN_PHONE, Tokens.PASSWORD);
        browser.go("/buckets");
        String button = ".row[data-bucket='" + BUCKET + "'] button[data-action=members]";
        assertEquals("false", browser.find(button).getDomAttribute("aria-expanded"));
        browser.click(button);
        browser.find(PANEL);
        assertEquals("true", browser.find(button).getDomAttribute("aria-expanded"));
        // the keyboard lands in the grant form
        assertEquals("member", browser.driver.switchTo().activeElement().getDomAttribute("name"));
        browser.waitFor("return document.querySelector(arguments[0] + ' .member-list .empty') !== null", PANEL);
    }

    @Test
    @Order(2)
    void grantARoleThenChangeIt() {
        browser.find(PANEL + " input[name=member]").sendKeys(MEMBER);
        new Select(browser.find(PANEL + " select[name=role]")).selectByValue("read");
        browser.click(PANEL + " button[type=submit]");
        browser.waitFor("const e = document.querySelector(arguments[0]); return e !== null && e.dataset.role === 'read'",
                ENTRY);
        assertThat(roles(), contains(MEMBER + "=read"));

        browser.find(PANEL + " input[name=member]").sendKeys(MEMBER);
        new Select(browser.find(PANEL + " select[name=role]")).selectByValue("manage");
        browser.click(PANEL + " button[type=submit]");
        browser.waitFor("const e = document.querySelector(arguments[0]); return e !== null && e.dataset.role === 'manage'",
                ENTRY);
        assertEquals(1, browser.all(PANEL + " .member").size());
        assertThat(roles(), contains(MEMBER + "=manage"));
        // the panel stays open when the list is drawn again (here: after a visibility change)
        browser.click(".row[data-bucket='" + BUCKET + "'] button[data-action=visibility]");
        browser.confirm();
        browser.waitFor(
                "return document.querySelector(\".row[data-bucket='" + BUCKET + "']\").dataset.policy === 'public-read'");
        browser.find(ENTRY);
    }

    @Test
    @Order(3)
    void anUnknownPhoneIsExplained() {
        String nobody = Tokens.randomPhone();
        browser.find(PANEL + " input[name=member]").sendKeys(nobody);
        browser.click(PANEL + " button[type=submit]");
        browser.waitFor(
                "const m = document.querySelector(arguments[0] + ' .form-message.error'); return m !== null && m.textContent === arguments[1]",
                PANEL, "There is no account with the phone " + nobody + ".");
        browser.allow("status of 404");
        browser.find(PANEL + " input[name=member]").clear();
        // and a phone that is no phone never leaves the page
        browser.find(PANEL + " input[name=member]").sendKeys("12345");
        browser.click(PANEL + " button[type=submit]");
        browser.waitFor(
                "const m = document.querySelector(arguments[0] + ' .form-message.error'); return m !== null && m.textContent === arguments[1]",
                PANEL, "An 11-digit mobile number of a registered account.");
        browser.find(PANEL + " input[name=member]").clear();
    }

    @Test
    @Order(4)
    void revokeAMember() {
        browser.click(ENTRY + " button[data-action=revoke]");
        browser.confirm();
        browser.waitFor("return document.querySelector(arguments[0]) === null", ENTRY);
        assertThat(roles(), empty());
    }

    private static List<String> roles() {
        List<String> members = Tokens.as(Tokens.admin()).get("/imagepic/bucket/members?bucketName=" + BUCKET).then()
                .statusCode(200).extract().path("data.collect { it.member + '=' + it.role }");
        return members;
    }
}

package io.imagepic.console;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A browser that prefers Chinese gets the console in Chinese, the service's reasons too; the switch turns both
 * to English, is remembered, and keeps what the page was doing (uploads in the list).
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleLanguageTest extends ConsoleBrowserTest {

    static final String CJK = ".*[\\u4e00-\\u9fff].*";

    @Override
    String language() {
        return "zh-CN";
    }

    @Test
    @Order(1)
    void theBrowsersLanguageFirstThenTheSwitch() {
        browser.open("");
        assertEquals("登录 imagepic", browser.find("h1#auth-title").getText());
        assertEquals("zh-CN", browser.js("return document.documentElement.lang"));
        // the service's own reasons come in the page's language
        browser.click(".segmented button:nth-child(2)");
        browser.find("input[name=phone]").sendKeys("123");
        browser.find("input[name=password]").sendKeys("x", Keys.ENTER);
        assertThat(browser.find(".form-message.error").getText(), matchesPattern(CJK + "手机号码.*"));
        browser.allow("status of 400");

        WebElement switcher = browser.find(".lang-switch");
        assertEquals("EN", switcher.getText());
        assertEquals("切换语言到English", switcher.getDomAttribute("aria-label"));
        switcher.click();
        browser.waitFor("return document.documentElement.lang === 'en'");
        assertEquals("Sign in to imagepic", browser.find("h1#auth-title").getText());
        assertEquals("lang-switch", browser.js("return document.activeElement.classList[2]")); // focus stays on the switch
        browser.click(".segmented button:nth-child(2)");
        browser.find("input[name=phone]").sendKeys("123");
        browser.find("input[name=password]").sendKeys("x", Keys.ENTER);
        assertThat(browser.find(".form-message.error").getText(), matchesPattern("[^\\u4e00-\\u9fff]+"));
        browser.allow("status of 400");

        // remembered on the next visit
        browser.open("");
        assertEquals("Sign in to imagepic", browser.find("h1#auth-title").getText());
    }

    @Test
    @Order(2)
    void switchingKeepsTheUploads() throws Exception {
        bucket("console-lang", false);
        Tokens.register(Tokens.ADMIN_PHONE, Tokens.PASSWORD);
        browser.signIn(Tokens.ADMIN_PHONE, Tokens.PASSWORD);
        browser.go("/upload");
        new Select(browser.find("select[name=bucket]")).selectByValue("console-lang");
        Path dir = Files.createTempDirectory("console-lang");
        browser.pick(browser.find("input[type=file]"), List.of(TestImages.write(dir, "海报.png", TestImages.png(7, 400, 250))));
        browser.waitFor("const r = document.querySelector('.upload-item'); return r.dataset.status === 'done'");

        browser.click(".lang-switch");
        browser.waitFor("return document.documentElement.lang === 'zh-CN'");
        assertThat(browser.all("nav.main-nav li:not(.menu-only) a").stream().map(WebElement::getText).toList(),
                contains("上传", "图库", "存储桶", "用户", "服务令牌", "Webhook", "动态", "连接工具"));
        assertEquals("上传图片", browser.find("main h1").getText());
        assertEquals("海报.png", browser.find(".upload-item").getDomAttribute("data-name"));
        assertEquals("已上传", browser.find(".upload-item .file-status").getText());
        browser.waitFor(
                "const i = document.querySelector('.upload-item img'); return i.dataset.source === 'link' && i.naturalWidth === 400");
        browser.screenshot(ConsolePagesTest.SHOTS.resolve("upload-zh-desktop.png"), 1280, false);
        browser.phoneViewport();
        browser.screenshot(ConsolePagesTest.SHOTS.resolve("upload-zh-phone.png"), 360, true);
        browser.resetViewport();
        browser.click(".lang-switch");
        browser.waitFor("return document.documentElement.lang === 'en'");
    }
}

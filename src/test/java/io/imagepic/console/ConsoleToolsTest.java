package io.imagepic.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.support.Multipart;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * "Connect a tool": the page mints an upload-only token for one bucket and writes the configuration of PicGo,
 * ShareX, Typora and curl. Each is replayed here the way that client uses it (the Typora script and the curl
 * line are run as they are), and the link it reports must serve the uploaded image.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleToolsTest extends ConsoleBrowserTest {

    static final String BUCKET = "console-tools";
    static final ObjectMapper JSON = new ObjectMapper();
    /** What hash naming into folder notes/2024 gives: the first 32 hex digits of the content's SHA-256. */
    static final String HASHED_KEY = "/i/" + BUCKET + "/notes/2024/[0-9a-f]{32}\\.png";
    static final Map<String, String> configs = new LinkedHashMap<>();

    Path dir;

    @BeforeEach
    void tempDir() throws IOException {
        dir = Files.createTempDirectory("console-tools");
    }

    @Test
    @Order(1)
    void theConnectPageWritesFourConfigurations() throws Exception {
        bucket("console-tools-a-private", false);
        bucket(BUCKET, true);
        bucket("console-tools-other", true);
        Tokens.register(Tokens.ADMIN_PHONE, Tokens.PASSWORD);
        browser.signIn(Tokens.ADMIN_PHONE, Tokens.PASSWORD);
        browser.go("/connect");
        browser.waitFor("return document.querySelectorAll('select[name=bucket] option').length >= 3"
                + " && document.querySelector('.link-model').dataset.policy !== ''");
        // a public bucket is chosen first (its links keep working in documents), even though a private one sorts first
        assertEquals("public-read", browser.find(".link-model").getDomAttribute("data-policy"));
        assertThat(browser.find(".link-model").getText(), startsWith("This bucket is public"));
        new Select(browser.find("select[name=bucket]")).selectByValue("console-tools-a-private");
        assertEquals("This bucket is private: the links the tools paste are signed and stop working after 1 day."
                + " For images in documents, READMEs and blogs, choose a public bucket.",
                browser.find(".link-model").getText());
        new Select(browser.find("select[name=bucket]")).selectByValue(BUCKET);
        assertEquals("tools-" + BUCKET, browser.find("input[name=name]").getDomProperty("value"));
        browser.find("input[name=folder]").sendKeys("notes/2024/");
        assertEquals("hash", new Select(browser.find("select[name=naming]")).getFirstSelectedOption().getDomAttribute("value"));
        browser.click("form.card button[type=submit]");
        for (String tool : List.of("picgo", "sharex", "typora", "curl")) {
            configs.put(tool, browser.find("pre[data-tool=" + tool + "] code").getDomProperty("textContent"));
        }
        // the token made for the tools may upload into that bucket only
        Tokens.as(Tokens.admin()).get("/imagepic/auth/tokens").then()
                .body("data.find { it.name == 'tools-" + BUCKET + "' }.scopes", org.hamcrest.Matchers.contains("upload"))
                .body("data.find { it.name == 'tools-" + BUCKET + "' }.buckets", org.hamcrest.Matchers.contains(BUCKET));
        // PicGo's form takes customHeader as plain JSON: shown so, not escaped as inside data.json
        String header = browser.find("[data-field=customHeader]").getText();
        assertEquals(JSON.readTree(JSON.readTree(configs.get("picgo")).path("picBed").path("web-uploader").path("customHeader")
                .asText()), readJson(header));
        assertTrue(header.startsWith("{\"authorization\":\"ipt_"), header);
        // the download offers the same text as the page shows
        assertEquals("imagepic-" + BUCKET + ".sxcu",
                browser.find("pre[data-tool=sharex] ~ .actions button[data-download]").getDomAttribute("data-download"));
    }

    @Test
    @Order(2)
    void picgoWebUploader() throws Exception {
        JsonNode config = JSON.readTree(configs.get("picgo")).path("picBed").path("web-uploader");
        assertEquals("web-uploader", JSON.readTree(configs.get("picgo")).path("picBed").path("current").asText());
        byte[] image = TestImages.png(11, 120, 90);
        // picgo-plugin-web-uploader: headers {contentType, User-Agent: PicGo, ...customHeader}, the file in
        // formData[paramName] with its file name, plus customBody fields; the link at jsonPath (dot-separated)
        RequestSpecification request = given().header("User-Agent", "PicGo").header("contentType", "multipart/form-data");
        JSON.readTree(config.path("customHeader").asText()).fields()
                .forEachRemaining(h -> request.header(h.getKey(), h.getValue().asText()));
        if (!config.path("customBody").asText().isEmpty()) {
            JSON.readTree(config.path("customBody").asText()).fields()
                    .forEachRemaining(f -> request.multiPart(f.getKey(), f.getValue().asText()));
        }
        Response answer = request.multiPart(config.path("paramName").asText(), "picgo-shot.png", image, "image/png")
                .post(config.path("url").asText());
        assertEquals(200, answer.statusCode(), answer.asString());
        JsonNode link = JSON.readTree(answer.asByteArray());
        for (String field : config.path("jsonPath").asText().split("\\.")) {
            link = link.path(field);
        }
        assertThat(link.asText(), matchesPattern(Pattern.quote(browser.base.replaceAll("/$", "")) + HASHED_KEY));
        assertArrayEquals(image, fetch(link.asText()));
    }

    @Test
    @Order(3)
    void sharexCustomUploader() throws Exception {
        JsonNode sxcu = JSON.readTree(configs.get("sharex"));
        assertEquals("ImageUploader", sxcu.path("DestinationType").asText());
        assertEquals("POST", sxcu.path("RequestMethod").asText());
        assertEquals("MultipartFormData", sxcu.path("Body").asText());
        byte[] image = TestImages.png(12, 150, 100);
        RequestSpecification request = given();
        sxcu.path("Headers").fields().forEachRemaining(h -> request.header(h.getKey(), h.getValue().asText()));
        Response answer = request.multiPart(sxcu.path("FileFormName").asText(), "ShareX_2024-05-01.png", image, "image/png")
                .request(sxcu.path("RequestMethod").asText(), sxcu.path("RequestURL").asText());
        assertEquals(200, answer.statusCode(), answer.asString());
        String url = sharexTemplate(sxcu.path("URL").asText(), JSON.readTree(answer.asByteArray()));
        assertThat(url, matchesPattern(".*" + HASHED_KEY));
        assertArrayEquals(image, fetch(url));

        // a failed upload shows the service's reason through ErrorMessage
        RequestSpecification again = given();
        sxcu.path("Headers").fields().forEachRemaining(h -> again.header(h.getKey(), h.getValue().asText()));
        Response refused = again
                .multiPart(sxcu.path("FileFormName").asText(), "notes.txt", "plain text".getBytes(StandardCharsets.UTF_8),
                        "text/plain")
                .request(sxcu.path("RequestMethod").asText(), sxcu.path("RequestURL").asText());
        assertEquals(415, refused.statusCode());
        assertTrue(!sharexTemplate(sxcu.path("ErrorMessage").asText(), JSON.readTree(refused.asByteArray())).isBlank(),
                refused.asString());
    }

    @Test
    @Order(4)
    void typoraCustomCommand() throws Exception {
        Path script = Files.writeString(dir.resolve("imagepic-typora.sh"), configs.get("typora"));
        byte[] one = TestImages.png(13, 100, 80);
        byte[] two = TestImages.png(14, 90, 90);
        Path first = TestImages.write(dir, "my diagram (v2).png", one);
        Path second = TestImages.write(dir, "截图.png", two);
        // Typora runs the command with the images' paths and takes one link per image from the output
        Run run = run(dir, "sh", script.toString(), first.toString(), second.toString());
        assertEquals(0, run.exit(), run.err());
        List<String> links = run.out().lines().toList();
        assertEquals(2, links.size(), run.out());
        assertArrayEquals(one, fetch(links.get(0)));
        assertArrayEquals(two, fetch(links.get(1)));
        assertThat(links.get(0), matchesPattern(".*" + HASHED_KEY));

        // a refused file fails the command with the reason on stderr (Typora shows it)
        Path text = Files.writeString(dir.resolve("readme.png"), "not an image");
        Run refused = run(dir, "sh", script.toString(), text.toString());
        assertNotEquals(0, refused.exit());
        assertThat(refused.err(), startsWith("imagepic: "));
    }

    @Test
    @Order(5)
    void curlLine() throws Exception {
        byte[] image = TestImages.png(15, 64, 48);
        TestImages.write(dir, "screenshot.png", image);
        Run run = run(dir, "sh", "-c", configs.get("curl").strip());
        assertEquals(0, run.exit(), run.err());
        String url = JSON.readTree(run.out()).path("data").path("url").asText();
        assertThat(url, matchesPattern(".*" + HASHED_KEY));
        assertArrayEquals(image, fetch(url));

        // the token in these configurations uploads into its bucket only
        String token = JSON.readTree(configs.get("sharex")).path("Headers").path("authorization").asText();
        Tokens.as(token).header("bucket", "console-tools-other").contentType(Multipart.contentType())
                .body(new Multipart().file("x.png", image).bytes()).post("/imagepic/object/putObject").then().statusCode(403);
        Tokens.as(token).get("/imagepic/bucket/listBuckets").then().statusCode(403);
    }

    static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** ShareX's {json:a.b} syntax, resolved against an answer. */
    static String sharexTemplate(String template, JsonNode answer) {
        Matcher m = Pattern.compile("\\{json:([^}]+)}").matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode v = answer;
            for (String field : m.group(1).split("\\.")) {
                v = v.path(field);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v.asText()));
        }
        return m.appendTail(out).toString();
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
        p.getOutputStream().close();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "command did not end: " + String.join(" ", command));
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}

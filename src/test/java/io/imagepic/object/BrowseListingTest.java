package io.imagepic.object;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imagepic.support.Images;
import io.imagepic.support.Multipart;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * listObjects for browsing (the console's gallery): folders first on page 1 with pages counting objects, newest
 * first over the whole listing, a part of the name in any case, and {@code removable} as removeObject decides it.
 * Without the options the seed's order stays (folders after the objects).
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class BrowseListingTest {

    static String bucket;
    static String admin;
    static String writer;

    @BeforeEach
    void data() {
        if (bucket != null) {
            return;
        }
        admin = Tokens.admin();
        String name = "browse-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        Tokens.as(admin).contentType(ContentType.JSON).body(Map.of("bucketName", name)).post("/imagepic/bucket/makeBucket")
                .then().statusCode(200);
        for (int i = 0; i < 12; i++) {
            upload(admin, name, "", String.format("bulk-%02d.png", i));
        }
        upload(admin, name, "x-folder", "in.png");
        upload(admin, name, "y-folder", "in.png");
        String phone = Tokens.randomPhone();
        writer = Tokens.member(phone);
        Tokens.as(admin).contentType(ContentType.JSON).body(Map.of("bucketName", name, "member", phone, "role", "write"))
                .post("/imagepic/bucket/members").then().statusCode(200);
        long before = Instant.now().getEpochSecond();
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().getEpochSecond() > before + 1);
        upload(writer, name, "", "a-latest.png");
        bucket = name;
    }

    @Test
    void foldersComeFirstOnPageOneAndPagesCountObjects() {
        JsonPath seed = list(admin, Map.of("pageSize", 5));
        assertEquals(15, seed.getInt("data.total"));
        assertEquals(List.of(), seed.getList("data.lists.prefix").stream().filter(p -> p != null).toList()); // seed: at the end

        JsonPath first = list(admin, Map.of("pageSize", 5, "foldersFirst", true));
        assertThat(first.getList("data.lists.prefix").subList(0, 2), contains("x-folder/", "y-folder/"));
        assertEquals(7, first.getList("data.lists").size());
        assertEquals(2, first.getInt("data.folders"));
        JsonPath third = list(admin, Map.of("pageSize", 5, "pageNum", 3, "foldersFirst", true));
        assertThat(third.getList("data.lists.name"), contains("bulk-09.png", "bulk-10.png", "bulk-11.png"));
    }

    @Test
    void newestFirstAndAPartOfTheName() {
        JsonPath newest = list(admin, Map.of("pageSize", 3, "order", "newest"));
        assertEquals("a-latest.png", newest.getList("data.lists.name").get(2)); // after the two folders
        assertThat(newest.getList("data.lists.prefix").subList(0, 2), contains("x-folder/", "y-folder/"));

        JsonPath found = list(admin, Map.of("pageSize", 10, "contains", "07"));
        assertThat(found.getList("data.lists.name"), contains("bulk-07.png"));
        assertEquals(1, found.getInt("data.total"));
        assertThat(list(admin, Map.of("pageSize", 10, "contains", "FOLD")).getList("data.lists.prefix"),
                contains("x-folder/", "y-folder/"));
        assertEquals(400, Tokens.as(admin).contentType(ContentType.JSON)
                .body(Map.of("bucketName", bucket, "order", "random")).post("/imagepic/object/listObjects").statusCode());
    }

    @Test
    void removableIsWhatRemoveObjectAllows() {
        JsonPath page = list(writer, Map.of("pageSize", 20, "withUploader", true));
        List<Map<String, Object>> lists = page.getList("data.lists");
        for (Map<String, Object> e : lists) {
            if (e.get("name") != null) {
                assertEquals("a-latest.png".equals(e.get("name")), e.get("removable"), e.toString());
            }
        }
        // and it holds: another's upload is refused to the writer
        Tokens.as(writer).contentType(ContentType.JSON).body(Map.of("bucketName", bucket, "objectName", "bulk-01.png"))
                .post("/imagepic/object/removeObject").then().statusCode(403);
        JsonPath asAdmin = list(admin, Map.of("pageSize", 20, "withUploader", true));
        asAdmin.getList("data.lists", Map.class).stream().filter(e -> e.get("name") != null)
                .forEach(e -> assertEquals(Boolean.TRUE, e.get("removable")));
    }

    private static JsonPath list(String token, Map<String, Object> options) {
        Map<String, Object> body = new java.util.HashMap<>(options);
        body.put("bucketName", bucket);
        String answer = Tokens.as(token).contentType(ContentType.JSON).body(body).post("/imagepic/object/listObjects").then()
                .statusCode(200).extract().asString();
        return JsonPath.from(answer);
    }

    private static void upload(String token, String bucket, String folder, String name) {
        var request = Tokens.as(token).header("bucket", bucket);
        if (!folder.isEmpty()) {
            request.header("folder", folder);
        }
        request.contentType(Multipart.contentType()).body(new Multipart().file(name, Images.png(500, name.hashCode())).bytes())
                .post("/imagepic/object/putObject").then().statusCode(200);
    }
}

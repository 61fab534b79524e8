package io.imagepic.bucket;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.imagepic.support.S3Fixtures;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class BucketResourceTest {

    @Inject
    MinioClient minio;

    @Test
    void createListAndRemoveBucket() {
        create("bkt-lifecycle").statusCode(200).body("success", equalTo(true)).body("code", equalTo("0"));

        reader("bkt-lifecycle").get("/imagepic/bucket/listBuckets").then().statusCode(200)
                .body("code", equalTo("0")).body("msg", equalTo("成功"))
                .body("data.name", hasItem("bkt-lifecycle"))
                .body("data.find { it.name == 'bkt-lifecycle' }.creationDate", not(equalTo(null)));

        create("bkt-lifecycle").statusCode(409).body("success", equalTo(false)).body("code", equalTo("-1"));

        remove("bkt-lifecycle").statusCode(200).body("success", equalTo(true));
        reader().get("/imagepic/bucket/listBuckets").then().body("data.name", not(hasItem("bkt-lifecycle")));
        remove("bkt-lifecycle").statusCode(404).body("data.err", containsString("bkt-lifecycle"));
    }

    @Test
    void removingANonEmptyBucketIsRefused() throws Exception {
        create("bkt-full").statusCode(200);
        S3Fixtures.put(minio, "bkt-full", "a.png", new byte[] { 1 }, "image/png");
        remove("bkt-full").statusCode(409).body("data.err", containsString("存储桶不为空"));
        S3Fixtures.empty(minio, "bkt-full");
        remove("bkt-full").statusCode(200);
    }

    @Test
    void listBucketsPaginates() {
        for (String b : new String[] { "pg-a1", "pg-a2", "pg-a3" }) {
            create(b);
        }
        int all = reader("pg-a1", "pg-a2", "pg-a3").get("/imagepic/bucket/listBuckets").then().extract().path("data.size()");
        reader().queryParam("pageSize", 2).queryParam("pageNum", 1).get("/imagepic/bucket/listBuckets")
                .then().statusCode(200).body("data", hasSize(2));
        reader().queryParam("pageSize", 2).queryParam("pageNum", (all + 1) / 2).get("/imagepic/bucket/listBuckets")
                .then().body("data", hasSize(all % 2 == 0 ? 2 : 1));
        reader().queryParam("pageSize", 2).queryParam("pageNum", 1000).get("/imagepic/bucket/listBuckets")
                .then().statusCode(200).body("data", hasSize(0));
        reader().queryParam("pageSize", 0).get("/imagepic/bucket/listBuckets").then().statusCode(400)
                .body("success", equalTo(false));
    }

    @Test
    void badBucketNamesAndBodiesAre400() {
        create("A").statusCode(400).body("data.err", containsString("bucketName"));
        admin().contentType(ContentType.JSON).body("{}").post("/imagepic/bucket/makeBucket")
                .then().statusCode(400).body("data.err", containsString("bucketName"));
        admin().contentType(ContentType.JSON).body("{\"bucketName\":").post("/imagepic/bucket/makeBucket")
                .then().statusCode(400).body("success", equalTo(false));
        admin().contentType(ContentType.JSON).post("/imagepic/bucket/makeBucket")
                .then().statusCode(400).body("success", equalTo(false));
    }

    @Test
    void bucketWritesNeedTheAdminRoleAndReadsAToken() {
        String member = Tokens.member();
        Tokens.as(member).contentType(ContentType.JSON).body("{\"bucketName\":\"bkt-denied\"}")
                .post("/imagepic/bucket/makeBucket").then().statusCode(403)
                .body("code", equalTo("-1")).body("msg", equalTo("未满足权限")).body("success", equalTo(false));
        Tokens.as(member).contentType(ContentType.JSON).body("{\"bucketName\":\"bkt-denied\"}")
                .post("/imagepic/bucket/removeBucket").then().statusCode(403);
        given().contentType(ContentType.JSON).body("{\"bucketName\":\"bkt-denied\"}")
                .post("/imagepic/bucket/makeBucket").then().statusCode(401).body("msg", equalTo("未满足权限"));
        given().get("/imagepic/bucket/listBuckets").then().statusCode(401).body("msg", equalTo("未满足权限"));
        Tokens.as(member).get("/imagepic/bucket/listBuckets").then().statusCode(200)
                .body("data.name", not(hasItem("bkt-denied")));
    }

    private static String adminToken;
    private static Tokens.Account reader;

    private static RequestSpecification admin() {
        if (adminToken == null) {
            adminToken = Tokens.admin();
        }
        return Tokens.as(adminToken);
    }

    /** A member who may read these buckets (and those granted before): a reader lists what it may read. */
    private static RequestSpecification reader(String... buckets) {
        if (reader == null) {
            reader = Tokens.account();
        }
        return Tokens.as(reader.with("read", buckets).token());
    }

    private static io.restassured.response.ValidatableResponse create(String name) {
        return admin().contentType(ContentType.JSON).body("{\"bucketName\":\"" + name + "\"}")
                .post("/imagepic/bucket/makeBucket").then();
    }

    private static io.restassured.response.ValidatableResponse remove(String name) {
        return admin().contentType(ContentType.JSON).body("{\"bucketName\":\"" + name + "\"}")
                .post("/imagepic/bucket/removeBucket").then();
    }
}

package io.imagepic.object;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.imagepic.support.S3Fixtures;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Object names that could escape their bucket or confuse a path, sent by an admin (whom no bucket check stops) to
 * every route that takes one: each runs the one key rule and answers 400 with the reason, never 500 (before: the
 * S3 SDK's own check threw, or the name reached the S3 server).
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ObjectNamesTest {

    static final String BUCKET = "names-here";
    static final String OTHER = "names-other";

    @Inject
    MinioClient minio;

    @BeforeEach
    void buckets() throws Exception {
        S3Fixtures.bucket(minio, BUCKET);
        S3Fixtures.bucket(minio, OTHER);
        S3Fixtures.put(minio, OTHER, "secret.png", new byte[] { 1, 2, 3 }, "image/png");
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource(delimiter = '|', value = {
            "statObject|../names-other/secret.png|'..'", "getObject|../names-other/secret.png|'..'",
            "presignedGetObject|../names-other/secret.png|'..'", "removeObject|../names-other/secret.png|'..'",
            "statObject|a/../../names-other/secret.png|'..'", "removeObject|a/../../names-other/secret.png|'..'",
            "statObject|/names-other/secret.png|start with '/'", "removeObject|./secret.png|'.'",
            "getObject|a//b.png|empty", "presignedGetObject|x/..|'..'",
            "statObject|..\\\\names-other\\\\secret.png|backslash", "removeObject|a\\u0000b|control" })
    void aNameThatEscapesItsBucketIs400WithTheReason(String route, String name, String reason) throws Exception {
        Tokens.as(Tokens.admin()).header("Accept-Language", "en").contentType(ContentType.JSON)
                .body("{\"bucketName\":\"" + BUCKET + "\",\"objectName\":\"" + name + "\"}")
                .post("/imagepic/object/" + route)
                .then().statusCode(400).body("success", equalTo(false)).body("code", equalTo("-1"))
                .body("data.err", containsString(reason));
        assertEquals(1, S3Fixtures.count(minio, OTHER), "the other bucket's object is untouched");
    }

    @ParameterizedTest(name = "signedUrl for {0}")
    @ValueSource(strings = { "../names-other/secret.png", "a/../../names-other/secret.png", "/names-other/secret.png" })
    void aSignedLinkIsNeverMadeForSuchAName(String name) {
        Tokens.as(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("bucketName", BUCKET, "objectName", name)).post("/imagepic/image/signedUrl")
                .then().statusCode(400).body("success", equalTo(false));
    }

    @ParameterizedTest(name = "listObjects under {0}")
    @ValueSource(strings = { "../", "../names-other/", "a/../", "..", "/", "a//", "x\\\\y" })
    void aListingPrefixThatEscapesItsBucketIs400(String prefix) throws Exception {
        Tokens.as(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"bucketName\":\"" + BUCKET + "\",\"prefix\":\"" + prefix + "\"}")
                .post("/imagepic/object/listObjects")
                .then().statusCode(400).body("success", equalTo(false));
    }

    @ParameterizedTest(name = "{0} for bucket {1}")
    @CsvSource({ "statObject, ../names-other", "removeObject, NAMES-OTHER", "presignedGetObject, names-other/x" })
    void aBadBucketNameIs400(String route, String bucket) {
        Tokens.as(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("bucketName", bucket, "objectName", "secret.png")).post("/imagepic/object/" + route)
                .then().statusCode(400).body("success", equalTo(false));
    }

    @ParameterizedTest(name = "listObjects under {0}")
    @ValueSource(strings = { "", "icons/", "ic", "a/b", "..foo", "a/.hidden" })
    void ordinaryPrefixesStillList(String prefix) {
        Tokens.as(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("bucketName", BUCKET, "prefix", prefix)).post("/imagepic/object/listObjects")
                .then().statusCode(200).body("success", equalTo(true));
    }
}

package io.imagepic.compat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.imagepic.support.PackagedService;
import io.imagepic.support.Profiles;
import io.imagepic.support.S3Fixtures;
import io.imagepic.support.TestServers;
import io.imagepic.support.Tokens;
import io.minio.MinioClient;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The seed's routes/imagepic/bucket: listBuckets (GET, optional pageSize and pageNum). Its data is
 * minio's bucket list, [{name, creationDate}], or one page of it. Bucket routes added since
 * (makeBucket, removeBucket) fail in the seed's failure envelope too.
 */
@ResourceLock(PackagedService.REST_ASSURED)
class SeedBucketContractPackagedIT {

    @RegisterExtension
    static final PackagedService service = PackagedService.with(Profiles.Seed.SETTINGS);

    static final List<String> BUCKETS = List.of("seed-buckets-a", "seed-buckets-b", "seed-buckets-c");

    final MinioClient minio = TestServers.s3().client();

    @BeforeEach
    void buckets() throws Exception {
        for (String bucket : BUCKETS) {
            S3Fixtures.bucket(minio, bucket);
        }
    }

    @Test
    void listBucketsAnswersNamesAndCreationDates() {
        ValidatableResponse r = Seed.ok(listBuckets(Tokens.member(), "")).body("data", instanceOf(List.class))
                .body("data.name", hasItems(BUCKETS.toArray(String[]::new)))
                .body("data", everyItem(hasKey("creationDate")));
        List<String> dates = r.extract().path("data.creationDate");
        dates.forEach(date -> Instant.parse(date)); // ISO-8601, as JSON.stringify wrote minio's Date
    }

    @Test
    void listBucketsPagesWithPageSizeAndPageNum() {
        String token = Tokens.member();
        List<String> all = Seed.ok(listBuckets(token, "")).extract().path("data.name");
        assertTrue(all.size() >= 3, "fixtures: " + all);
        Seed.ok(listBuckets(token, "?pageSize=1&pageNum=2")).body("data", hasSize(1))
                .body("data[0].name", equalTo(all.get(1)));
        Seed.ok(listBuckets(token, "?pageSize=2&pageNum=1")).body("data.name", equalTo(all.subList(0, 2)));
        int beyond = all.size() + 1;
        Seed.ok(listBuckets(token, "?pageSize=1&pageNum=" + beyond)).body("data", hasSize(0));
    }

    /** Reads need a token (private by default); without one the answer is the seed's authentication failure. */
    @Test
    void listBucketsWithoutATokenIsDenied() {
        Seed.denied(given().get("/imagepic/bucket/listBuckets").then()).body("data.err",
                org.hamcrest.Matchers.matchesPattern(Seed.CHINESE));
        Seed.denied(given().header("authorization", "not-a-token").get("/imagepic/bucket/listBuckets").then());
    }

    /** Difference 2: a bucket route's failure has msg '失败' and its reason in data.err, never in msg. */
    @Test
    void bucketRouteFailuresAnswerFailedWithTheReasonInDataErr() {
        String admin = Tokens.admin();
        Seed.failedInChinese(bucketOp(admin, "makeBucket", BUCKETS.get(0), null)); // exists
        Seed.failedInChinese(bucketOp(admin, "removeBucket", "seed-buckets-none", null)); // missing
        Seed.failedInEnglish(bucketOp(admin, "removeBucket", "seed-buckets-none", "en"));
        Seed.failedInChinese(bucketOp(admin, "makeBucket", "Not_A_Bucket", null)); // invalid name (Bean Validation)
        Seed.failedInEnglish(bucketOp(admin, "makeBucket", "Not_A_Bucket", "en")).body("data.err",
                containsString("bucketName"));
    }

    @Test
    void makeAndRemoveBucketAnswerEmptyObjects() throws Exception {
        String admin = Tokens.admin();
        Seed.ok(bucketOp(admin, "makeBucket", "seed-buckets-new", null)).body("data", equalTo(Map.of()));
        Seed.ok(bucketOp(admin, "removeBucket", "seed-buckets-new", null)).body("data", equalTo(Map.of()));
        assertEquals(false, minio.bucketExists(io.minio.BucketExistsArgs.builder().bucket("seed-buckets-new").build()));
    }

    static ValidatableResponse listBuckets(String token, String query) {
        return Tokens.as(token).get("/imagepic/bucket/listBuckets" + query).then();
    }

    static ValidatableResponse bucketOp(String token, String route, String bucket, String language) {
        var request = Tokens.as(token).contentType(ContentType.JSON).body(Map.of("bucketName", bucket));
        if (language != null) {
            request.header("Accept-Language", language);
        }
        return request.post("/imagepic/bucket/" + route).then();
    }
}

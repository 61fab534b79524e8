package io.imagepic.compat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.imagepic.support.Images;
import io.imagepic.support.PackagedService;
import io.imagepic.support.Profiles;
import io.imagepic.support.S3Fixtures;
import io.imagepic.support.TestServers;
import io.imagepic.support.Tokens;
import io.minio.MinioClient;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * The seed's routes/imagepic/object: listObjects, getObject, statObject, presignedGetObject (JSON bodies
 * naming bucketName/objectName), putObject (multer's single('file') with the headers authorization, bucket
 * and folder) and removeObject (authorization header, JSON body). Each answers minio-js' result as data;
 * a failure answers {@code msg: "失败"} (putObject and removeObject: {@code "未满足权限"} for the token).
 */
@ResourceLock(PackagedService.REST_ASSURED)
class SeedObjectContractPackagedIT {

    @RegisterExtension
    static final PackagedService service = PackagedService.with(Profiles.Seed.SETTINGS);

    /** Read-only fixtures. */
    static final String BUCKET = "seed-objects";
    /** Where uploads and removals happen. */
    static final String UPLOADS = "seed-uploads";
    static final String MISSING_BUCKET = "seed-objects-none";
    static final byte[] PNG = Images.png(1234, 7);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    final MinioClient minio = TestServers.s3().client();

    @BeforeEach
    void fixtures() throws Exception {
        S3Fixtures.bucket(minio, BUCKET);
        S3Fixtures.bucket(minio, UPLOADS);
        if (S3Fixtures.count(minio, BUCKET) == 0) {
            for (int i = 0; i < 12; i++) {
                S3Fixtures.put(minio, BUCKET, String.format("img-%02d.png", i), PNG, "image/png");
            }
            S3Fixtures.put(minio, BUCKET, "icons/a.png", PNG, "image/png");
        }
    }

    // --- listObjects ---

    @Test
    void listObjectsAnswersTotalAndTheFirstPageOfTen() {
        Seed.ok(read("listObjects", Map.of("bucketName", BUCKET))).body("data.total", equalTo(13)) // 12 objects + icons/
                .body("data.lists", hasSize(10))
                .body("data.lists[0].name", equalTo("img-00.png"))
                .body("data.lists[0].size", equalTo(PNG.length))
                .body("data.lists[0].etag", matchesPattern("[0-9a-f]{32}"))
                .body("data.lists[0]", hasKey("lastModified"));
    }

    @Test
    void listObjectsPagesAndAnswersEverythingForPageNumMinusOne() {
        Seed.ok(read("listObjects", Map.of("bucketName", BUCKET, "pageSize", 5, "pageNum", 3)))
                .body("data.total", equalTo(13)).body("data.lists", hasSize(3));
        Seed.ok(read("listObjects", Map.of("bucketName", BUCKET, "pageNum", -1)))
                .body("data.total", equalTo(13)).body("data.lists", hasSize(13));
        // a folder is minio's {prefix, size: 0}
        Seed.ok(read("listObjects", Map.of("bucketName", BUCKET, "pageNum", -1)))
                .body("data.lists.find { it.prefix == 'icons/' }.size", equalTo(0));
        Seed.ok(read("listObjects", Map.of("bucketName", BUCKET, "prefix", "icons/")))
                .body("data.total", equalTo(1)).body("data.lists[0].name", equalTo("icons/a.png"));
    }

    /** Difference 2: the listing of a bucket that does not exist fails with msg '失败', the reason in data.err. */
    @Test
    void listObjectsOfAMissingBucketFails() {
        Seed.failedInChinese(read("listObjects", Map.of("bucketName", MISSING_BUCKET)));
        Seed.failedInEnglish(read("listObjects", Map.of("bucketName", MISSING_BUCKET), "en"))
                .body("data.err", containsString(MISSING_BUCKET));
        Seed.failedInEnglish(read("listObjects", Map.of("prefix", "x"), "en")).body("data.err", containsString("bucketName"));
    }

    // --- getObject ---

    @Test
    void getObjectAnswersTheSizeInBytes() {
        Seed.ok(read("getObject", ref(BUCKET, "icons/a.png"))).body("data", equalTo(PNG.length));
    }

    @Test
    void getObjectOfAMissingObjectFails() {
        Seed.failedInChinese(read("getObject", ref(BUCKET, "missing.png")));
        Seed.failedInEnglish(read("getObject", ref(BUCKET, "missing.png"), "en")).body("data.err",
                containsString("missing.png"));
        Seed.failedInChinese(read("getObject", ref(MISSING_BUCKET, "a.png")));
    }

    // --- statObject ---

    @Test
    void statObjectAnswersMinioStat() {
        Seed.ok(read("statObject", ref(BUCKET, "icons/a.png")))
                .body("data.size", equalTo(PNG.length))
                .body("data.metaData.'content-type'", equalTo("image/png"))
                .body("data.etag", matchesPattern("[0-9a-f]{32}"))
                .body("data", hasKey("versionId"))
                .body("data.lastModified", instanceOf(String.class));
        String lastModified = read("statObject", ref(BUCKET, "icons/a.png")).extract().path("data.lastModified");
        Instant.parse(lastModified);
    }

    @Test
    void statObjectOfAMissingObjectFails() {
        Seed.failedInChinese(read("statObject", ref(BUCKET, "missing.png")));
        Seed.failedInEnglish(read("statObject", ref(BUCKET, "missing.png"), "en")).body("data.err",
                containsString("missing.png"));
        Seed.failedInEnglish(read("statObject", Map.of("bucketName", BUCKET), "en")).body("data.err",
                containsString("objectName"));
    }

    // --- presignedGetObject ---

    @Test
    void presignedGetObjectAnswersAWorkingUrlValidOneHourByDefault() throws Exception {
        // a deliberate difference: the seed's default was 7 days; nothing revokes a presigned link, so it is
        // imagepic.serving.presign-default (1 h) now
        String url = Seed.ok(read("presignedGetObject", ref(BUCKET, "icons/a.png"))).body("data", instanceOf(String.class))
                .body("data", allOf(containsString("X-Amz-Signature="), containsString("X-Amz-Expires=3600&")))
                .extract().path("data");
        HttpResponse<byte[]> image = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, image.statusCode());
        assertArrayEquals(PNG, image.body());
        Map<String, Object> withExpiry = new HashMap<>(ref(BUCKET, "icons/a.png"));
        withExpiry.put("expiry", 60);
        Seed.ok(read("presignedGetObject", withExpiry)).body("data", containsString("X-Amz-Expires=60&"));
    }

    @Test
    void presignedGetObjectWithABadExpiryFails() {
        Map<String, Object> body = new HashMap<>(ref(BUCKET, "icons/a.png"));
        body.put("expiry", 0);
        Seed.failedInChinese(read("presignedGetObject", body));
        Seed.failedInEnglish(read("presignedGetObject", body, "en")).body("data.err", containsString("expiry"));
    }

    /** Reads need a token (private by default): the seed's authentication failure. */
    @Test
    void readsWithoutATokenAreDenied() {
        for (String route : List.of("listObjects", "getObject", "statObject", "presignedGetObject")) {
            Seed.denied(given().contentType(ContentType.JSON).body(ref(BUCKET, "icons/a.png"))
                    .post("/imagepic/object/" + route).then());
        }
    }

    // --- putObject ---

    @Test
    void putObjectStoresTheFileUnderFolderSlashOriginalName() throws Exception {
        String token = Tokens.member();
        Seed.ok(put(token, UPLOADS, "avatars", "me.png", null)).body("data.etag", matchesPattern("[0-9a-f]{32}"))
                .body("data", hasKey("versionId"));
        Seed.ok(read("statObject", ref(UPLOADS, "avatars/me.png"))).body("data.size", equalTo(PNG.length));
        Seed.ok(put(token, UPLOADS, null, "top.png", null));
        Seed.ok(read("getObject", ref(UPLOADS, "top.png"))).body("data", equalTo(PNG.length));
    }

    @Test
    void putObjectWithoutAValidTokenIsDenied() throws Exception {
        Seed.denied(put(null, UPLOADS, "denied", "x.png", null)).body("data.err", matchesPattern(Seed.CHINESE));
        Seed.denied(put("not-a-token", UPLOADS, "denied", "x.png", null));
        Seed.denied(put("not-a-token", UPLOADS, "denied", "x.png", "en")).body("data.err", matchesPattern(Seed.ENGLISH));
        Seed.failedInChinese(read("statObject", ref(UPLOADS, "denied/x.png"))); // nothing stored
    }

    /** Difference 2: minio's putObject error (here: no such bucket) answers msg '失败', the reason in data.err. */
    @Test
    void putObjectIntoAMissingBucketFails() {
        String token = Tokens.member();
        Seed.failedInChinese(put(token, MISSING_BUCKET, null, "x.png", null));
        Seed.failedInEnglish(put(token, MISSING_BUCKET, null, "x.png", "en")).body("data.err", containsString(MISSING_BUCKET));
    }

    // --- removeObject ---

    @Test
    void removeObjectAnswersAnEmptyObjectAndTheObjectIsGone() {
        String token = Tokens.member();
        Seed.ok(put(token, UPLOADS, "gone", "soon.png", null));
        Seed.ok(remove(token, UPLOADS, "gone/soon.png", null)).body("data", equalTo(Map.of()));
        Seed.failed(read("statObject", ref(UPLOADS, "gone/soon.png")));
    }

    /** Difference 3: an S3 delete is idempotent; removing a key that is not there (again) is a success. */
    @Test
    void removeObjectOfAMissingKeySucceeds() {
        String token = Tokens.member();
        Seed.ok(remove(token, UPLOADS, "never-there.png", null)).body("data", equalTo(Map.of()));
        Seed.ok(put(token, UPLOADS, "twice", "x.png", null));
        Seed.ok(remove(token, UPLOADS, "twice/x.png", null));
        Seed.ok(remove(token, UPLOADS, "twice/x.png", null)); // a client retrying after a timeout
    }

    @Test
    void removeObjectWithoutAValidTokenIsDenied() throws Exception {
        Seed.ok(put(Tokens.member(), UPLOADS, "kept", "x.png", null));
        Seed.denied(remove(null, UPLOADS, "kept/x.png", null));
        Seed.denied(remove("not-a-token", UPLOADS, "kept/x.png", "en")).body("data.err", matchesPattern(Seed.ENGLISH));
        Seed.ok(read("statObject", ref(UPLOADS, "kept/x.png")));
    }

    /**
     * Not the seed's, on purpose: its removeObject asked only verifyToken, so any signed-in user removed any
     * object. imagepic keeps an upload to its uploader (others need manage rights on the bucket); the refusal
     * is the seed's denial envelope, and the object stays.
     */
    @Test
    void removeObjectOfSomeoneElsesUploadIsADenial() {
        Seed.ok(put(Tokens.member(), UPLOADS, "shared", "x.png", null));
        Seed.denied(remove(Tokens.member(), UPLOADS, "shared/x.png", null)).body("data.err", matchesPattern(Seed.CHINESE));
        Seed.ok(read("statObject", ref(UPLOADS, "shared/x.png")));
    }

    /** Difference 2: minio's removeObject error (no such bucket) answers msg '失败'. */
    @Test
    void removeObjectFromAMissingBucketFails() {
        Seed.failedInChinese(remove(Tokens.member(), MISSING_BUCKET, "x.png", null));
        Seed.failedInEnglish(remove(Tokens.member(), MISSING_BUCKET, "x.png", "en")).body("data.err",
                containsString(MISSING_BUCKET));
    }

    // --- helpers ---

    static Map<String, Object> ref(String bucket, String key) {
        return Map.of("bucketName", bucket, "objectName", key);
    }

    /** A read route as a signed-in member calls it (imagepic.access.default=all: every bucket). */
    static ValidatableResponse read(String route, Map<String, ?> body, String... language) {
        RequestSpecification request = Tokens.as(Tokens.member()).contentType(ContentType.JSON).body(body);
        for (String l : language) {
            request.header("Accept-Language", l);
        }
        return request.post("/imagepic/object/" + route).then();
    }

    /** The seed's upload: FormData with the file in field 'file'; token raw in authorization; bucket and folder headers. */
    static ValidatableResponse put(String token, String bucket, String folder, String filename, String language) {
        RequestSpecification request = given().header("bucket", bucket).multiPart("file", filename, PNG, "image/png");
        if (token != null) {
            request.header("authorization", token);
        }
        if (folder != null) {
            request.header("folder", folder);
        }
        if (language != null) {
            request.header("Accept-Language", language);
        }
        return request.post("/imagepic/object/putObject").then();
    }

    static ValidatableResponse remove(String token, String bucket, String key, String language) {
        RequestSpecification request = given().contentType(ContentType.JSON).body(ref(bucket, key));
        if (token != null) {
            request.header("authorization", token);
        }
        if (language != null) {
            request.header("Accept-Language", language);
        }
        return request.post("/imagepic/object/removeObject").then();
    }
}

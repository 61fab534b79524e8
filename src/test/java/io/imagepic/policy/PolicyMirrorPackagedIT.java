package io.imagepic.policy;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.hamcrest.MatcherAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.imagepic.support.PackagedService;
import io.imagepic.support.Profiles;
import io.imagepic.support.S3Fixtures;
import io.imagepic.support.TestServers;
import io.imagepic.support.Tokens;
import io.minio.MinioClient;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Mirroring onto the S3 server switched on, against a server without bucket policies (S3Proxy): the
 * service's own policy still applies, and the answer says the mirror did not follow, and why.
 */
@ResourceLock(PackagedService.REST_ASSURED)
class PolicyMirrorPackagedIT {

    @RegisterExtension
    static final PackagedService service = PackagedService.with(Profiles.Site.SETTINGS);

    final MinioClient minio = TestServers.s3().client();

    @Test
    void aRefusedMirrorIsReportedAndTheServicePolicyHolds() throws Exception {
        S3Fixtures.bucket(minio, "mirror-images");
        S3Fixtures.put(minio, "mirror-images", "a.png", new byte[] { (byte) 0x89, 'P', 'N', 'G' }, "image/png");
        Tokens.as(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"bucketName\":\"mirror-images\",\"policy\":\"public-read\"}")
                .post("/imagepic/policy/setBucketPolicy").then().statusCode(200)
                .body("data.policy", equalTo("public-read"))
                .body("data.mirrored", equalTo(false))
                .body("data.mirrorError", containsString("NotImplemented"));
        RestAssured.given().get("/i/mirror-images/a.png").then().statusCode(200);
    }

    @Test
    void theMirroredPolicyGrantsGetObjectOnlyNeverListing() {
        String policy = PolicyService.anonymousReadPolicy("fe-image");
        MatcherAssert.assertThat(policy, containsString("\"Action\":[\"s3:GetObject\"]"));
        MatcherAssert.assertThat(policy, containsString("\"Resource\":[\"arn:aws:s3:::fe-image/*\"]"));
        MatcherAssert.assertThat(policy, not(containsString("ListBucket")));
    }
}

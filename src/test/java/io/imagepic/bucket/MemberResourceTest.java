package io.imagepic.bucket;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The members routes: a member who reads and writes a bucket (granted write here, as every member had under the
 * seed's {@code imagepic.access.default=all}) may not change its policy or members; a manage grant is what lets
 * a member do that.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class MemberResourceTest {

    @Test
    void aManageGrantLetsAMemberRunTheBucket() {
        String admin = Tokens.admin();
        String bucket = bucket(admin);
        String phone = Tokens.randomPhone();
        String member = Tokens.member(phone);
        grant(admin, bucket, phone, "write").statusCode(200); // a role below manage
        setPolicy(member, bucket).statusCode(403).body("msg", equalTo("未满足权限"));
        members(member, bucket).statusCode(403);

        grant(admin, bucket, phone, "manage").statusCode(200).body("code", equalTo("0"))
                .body("data.bucketName", equalTo(bucket)).body("data.role", equalTo("manage"))
                .body("data.grantedBy", equalTo(Tokens.ADMIN_PHONE));
        setPolicy(member, bucket).statusCode(200);
        members(member, bucket).statusCode(200).body("data", hasSize(1)).body("data[0].member", equalTo(phone));

        grant(admin, bucket, phone, "read").statusCode(200); // granting again changes the role
        members(admin, bucket).statusCode(200).body("data", hasSize(1)).body("data[0].role", equalTo("read"));
        setPolicy(member, bucket).statusCode(403);
    }

    @Test
    void grantsNeedARegisteredAccountAValidRoleAndAnExistingBucket() {
        String admin = Tokens.admin();
        String bucket = bucket(admin);
        String phone = Tokens.randomPhone();
        // no grant for a phone nobody registered yet: whoever registers it later would get it
        grant(admin, bucket, phone, "read").statusCode(404).body("data.err", equalTo("没有手机号为" + phone + "的账号"));
        Tokens.member(phone);
        grant(admin, bucket, phone, "owner").statusCode(400).body("success", equalTo(false));
        grant(admin, bucket, phone, null).statusCode(400);
        grant(admin, bucket, "not-a-phone", "read").statusCode(400);
        grant(admin, "Bad_Name", phone, "read").statusCode(400);
        grant(admin, bucket + "-missing", phone, "read").statusCode(404);
        members(admin, bucket + "-missing").statusCode(404);
        members(admin, "x").statusCode(400);
        revoke(admin, bucket, phone).statusCode(404).body("data.err", equalTo(phone + "不是存储桶" + bucket + "的成员"));
        Tokens.as(admin).header("Accept-Language", "en").queryParam("bucketName", bucket).queryParam("member", phone)
                .delete("/imagepic/bucket/members").then().statusCode(404)
                .body("data.err", equalTo(phone + " is not a member of bucket " + bucket));
        grant(admin, bucket, phone, "write").statusCode(200);
        members(admin, bucket).statusCode(200).body("data.member", hasItem(phone));
        revoke(admin, bucket, phone).statusCode(200).body("data", equalTo(Map.of()));
        members(admin, bucket).statusCode(200).body("data", hasSize(0));
    }

    @Test
    void tokensAndStrangersCannotGrant() {
        String admin = Tokens.admin();
        String bucket = bucket(admin);
        String phone = Tokens.randomPhone();
        String member = Tokens.member(phone);
        grant(admin, bucket, phone, "write").statusCode(200); // a role below manage
        // a token with every scope on this very bucket still may not hand out roles that outlive it
        String token = Tokens.service("grant-" + bucket, "\"read\",\"upload\",\"remove\",\"admin\"", "\"" + bucket + "\"");
        grant(token, bucket, phone, "manage").statusCode(403).body("msg", equalTo("未满足权限"));
        members(token, bucket).statusCode(403);
        revoke(token, bucket, phone).statusCode(403);
        grant(member, bucket, phone, "manage").statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("bucketName", bucket, "member", phone, "role", "read"))
                .post("/imagepic/bucket/members").then().statusCode(401).body("msg", equalTo("未满足权限"));
        members(admin, bucket).statusCode(200).body("data", hasSize(1)).body("data[0].role", equalTo("write"));
    }

    static String bucket(String admin) {
        String name = "mbr-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        Tokens.as(admin).contentType(ContentType.JSON).body(Map.of("bucketName", name)).post("/imagepic/bucket/makeBucket")
                .then().statusCode(200);
        return name;
    }

    static ValidatableResponse grant(String token, String bucket, String phone, String role) {
        Map<String, String> body = new java.util.HashMap<>(Map.of("bucketName", bucket, "member", phone));
        if (role != null) {
            body.put("role", role);
        }
        return Tokens.as(token).contentType(ContentType.JSON).body(body).post("/imagepic/bucket/members").then();
    }

    static ValidatableResponse members(String token, String bucket) {
        return Tokens.as(token).queryParam("bucketName", bucket).get("/imagepic/bucket/members").then();
    }

    static ValidatableResponse revoke(String token, String bucket, String phone) {
        return Tokens.as(token).queryParam("bucketName", bucket).queryParam("member", phone)
                .delete("/imagepic/bucket/members").then();
    }

    static ValidatableResponse setPolicy(String token, String bucket) {
        return Tokens.as(token).contentType(ContentType.JSON).body(Map.of("bucketName", bucket, "policy", "public-read"))
                .post("/imagepic/policy/setBucketPolicy").then();
    }
}

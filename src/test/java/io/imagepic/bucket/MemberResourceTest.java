package io.imagepic.bucket;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

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

    /**
     * Managers used to crown each other and remove any manager, the last one included (the bucket was left with
     * none): only admins give or take manage; a manager may step down while another remains.
     */
    @Test
    void onlyAdminsGiveOrTakeManageAndTheLastManagerStays() {
        String admin = Tokens.admin();
        String bucket = bucket(admin);
        String first = Tokens.randomPhone();
        String firstToken = Tokens.member(first);
        String second = Tokens.randomPhone();
        Tokens.member(second);
        String writer = Tokens.randomPhone();
        Tokens.member(writer);
        grant(admin, bucket, first, "manage").statusCode(200);

        grant(firstToken, bucket, second, "manage").statusCode(403).body("msg", equalTo("未满足权限"))
                .body("data.err", equalTo("只有管理员可以授予或收回存储桶" + bucket + "的manage角色"));
        members(admin, bucket).statusCode(200).body("data.member", not(hasItem(second)));
        grant(firstToken, bucket, writer, "write").statusCode(200); // read and write stay a manager's to give
        revoke(firstToken, bucket, first).statusCode(409).body("success", equalTo(false))
                .body("data.err", equalTo("不能移除存储桶" + bucket + "的最后一个管理者(只有管理员可以)"));
        grant(firstToken, bucket, first, "write").statusCode(409); // stepping down to write is leaving too

        grant(admin, bucket, second, "manage").statusCode(200).body("data", not(hasKey("managersLeft")));
        revoke(firstToken, bucket, second).statusCode(403);
        grant(firstToken, bucket, second, "read").statusCode(403);
        revoke(firstToken, bucket, first).statusCode(200).body("data.managersLeft", equalTo(1)); // another remains
        members(admin, bucket).statusCode(200).body("data.find { it.member == '" + second + "' }.role", equalTo("manage"));

        // an admin may take the last one, and is told the bucket has no manager left
        revoke(admin, bucket, second).statusCode(200).body("data.managersLeft", equalTo(0));
        members(admin, bucket).statusCode(200).body("data.member", contains(writer));
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

package io.imagepic.serving;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.imagepic.support.Images;
import io.imagepic.support.Multipart;
import io.imagepic.support.PackagedService;
import io.imagepic.support.Profiles;
import io.imagepic.support.Tokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * With a public base URL (and the production switch that requires one), links in answers never carry the host a
 * client claims: not the Host header, not X-Forwarded-Host or Forwarded, even with forwarded headers trusted.
 */
@ResourceLock(PackagedService.REST_ASSURED)
class PublicBaseUrlLinksPackagedIT {

    @RegisterExtension
    static final PackagedService service = PackagedService.with(Profiles.Site.SETTINGS);

    static final String BASE = Profiles.Site.PUBLIC_BASE_URL;
    static final String EVIL = "evil.example";

    @Test
    void uploadAndSignedLinksUseTheConfiguredBaseWhateverTheRequestSays() {
        String admin = Tokens.admin();
        Tokens.as(admin).contentType(ContentType.JSON).body(Map.of("bucketName", "links-base"))
                .post("/imagepic/bucket/makeBucket").then().statusCode(200);

        forged(Tokens.as(admin)).header("bucket", "links-base").contentType(Multipart.contentType())
                .body(new Multipart().file("logo.png", "image/png", Images.png(500, 7)).bytes())
                .post("/imagepic/object/putObject").then().statusCode(200)
                // a private bucket: the answer's link is signed, so that it renders in an <img>
                .body("data.url", startsWith(BASE + "/i/links-base/logo.png?expires="))
                .body("data.url", not(containsString(EVIL)));

        forged(Tokens.as(admin)).contentType(ContentType.JSON)
                .body(Map.of("bucketName", "links-base", "objectName", "logo.png"))
                .post("/imagepic/image/signedUrl").then().statusCode(200)
                .body("data.url", startsWith(BASE + "/i/links-base/logo.png?expires="))
                .body("data.url", not(containsString(EVIL)));
    }

    private static RequestSpecification forged(RequestSpecification request) {
        return request.header("Host", EVIL).header("X-Forwarded-Host", EVIL).header("X-Forwarded-Proto", "http")
                .header("Forwarded", "host=" + EVIL + ";proto=http");
    }
}

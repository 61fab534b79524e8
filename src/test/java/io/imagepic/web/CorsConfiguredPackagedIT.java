package io.imagepic.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.imagepic.support.PackagedService;
import io.imagepic.support.Profiles;

/** An upload widget served from an allowed origin may call the API, with the seed's custom headers. */
@ResourceLock(PackagedService.REST_ASSURED)
class CorsConfiguredPackagedIT {

    @RegisterExtension
    static final PackagedService service = PackagedService.with(Profiles.Site.SETTINGS);

    @Test
    void allowedOriginGetsCorsHeadersOthersDoNot() {
        given().header("Origin", Profiles.Site.CORS_ORIGIN).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,bucket,folder")
                .options("/imagepic/object/putObject").then()
                .header("Access-Control-Allow-Origin", equalTo(Profiles.Site.CORS_ORIGIN))
                .header("Access-Control-Allow-Headers", containsString("bucket"));
        given().header("Origin", "https://elsewhere.example").header("Access-Control-Request-Method", "POST")
                .options("/imagepic/object/putObject").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }
}

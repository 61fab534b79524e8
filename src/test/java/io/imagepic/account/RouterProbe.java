package io.imagepic.account;

import java.util.List;

import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/** Plain Vert.x routes, like the upload and image-serving routes, to show the permissions and envelopes apply there too. */
public class RouterProbe {

    public static final String MEMBER_PATH = "/imagepic/router-probe";
    public static final String ADMIN_PATH = "/imagepic/auth/admin/router-probe";
    /** Test-only routes: not part of the service's API (io.imagepic.web.OpenApiCoverageTest leaves them out). */
    public static final List<String> PATHS = List.of(MEMBER_PATH, ADMIN_PATH);

    void routes(@Observes Router router) {
        router.post(MEMBER_PATH).handler(rc -> rc.response().end("member ok"));
        router.post(ADMIN_PATH).handler(rc -> rc.response().end("admin ok"));
    }
}

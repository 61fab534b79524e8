package io.imagepic.account;

import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/** Plain Vert.x routes, like the upload and image-serving routes, to show the permissions and envelopes apply there too. */
public class RouterProbe {

    void routes(@Observes Router router) {
        router.post("/imagepic/router-probe").handler(rc -> rc.response().end("member ok"));
        router.post("/imagepic/auth/admin/router-probe").handler(rc -> rc.response().end("admin ok"));
    }
}

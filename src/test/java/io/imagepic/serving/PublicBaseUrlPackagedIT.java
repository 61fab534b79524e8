package io.imagepic.serving;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.imagepic.support.PackagedInstances;
import io.imagepic.support.PackagedService;
import io.imagepic.support.Profiles;

/**
 * The packaged service as production runs it: with {@code imagepic.serving.require-public-base-url=true} (the
 * generated manifests) and no public base URL it refuses to start, saying which setting is missing; with one it
 * starts. (Without either setting it starts too: the README's local run, see RunsFromAnyDirectoryPackagedIT.)
 */
class PublicBaseUrlPackagedIT {

    /** Required and set, as the prod manifests ask an operator to (the other site tests run it too). */
    @RegisterExtension
    static final PackagedService configured = PackagedService.with(Profiles.Site.SETTINGS).withoutRestAssured();

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void refusesToStartWithoutAPublicBaseUrlWhenRequired() throws Exception {
        PackagedInstances required = PackagedInstances.of(1).property("imagepic.serving.require-public-base-url", "true");
        Throwable refused = assertThrows(Throwable.class, required::start);
        String log = Files.readString(required.dir().resolve("i0.log"));
        assertTrue(refused.getMessage().contains("exited"), refused.toString());
        assertTrue(log.contains("imagepic.serving.public-base-url is not set, but imagepic.serving.require-public-base-url"
                + " is true"), log);
        assertTrue(!log.contains("Listening on: "), "never listened: " + log);

        assertTrue(configured.instance().log().contains("Listening on: "));
    }
}

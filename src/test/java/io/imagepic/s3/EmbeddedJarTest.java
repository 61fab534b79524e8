package io.imagepic.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Where the embedded S3Proxy jar is looked for, and what a start without it says (issue 26). */
class EmbeddedJarTest {

    @Test
    void besideTheRunnerFromWhereverItIsStarted() {
        assertEquals(Path.of("/opt/imagepic/embedded/s3proxy.jar"),
                S3Endpoint.embeddedJar(Optional.empty(), "/opt/imagepic/quarkus-run.jar"));
        // java -jar target/quarkus-app/quarkus-run.jar: a class path relative to the working directory
        assertEquals(Path.of("target/quarkus-app/embedded/s3proxy.jar").toAbsolutePath(),
                S3Endpoint.embeddedJar(Optional.empty(), "target/quarkus-app/quarkus-run.jar"));
    }

    @Test
    void theSettingWinsAndDevModeUsesTheBuildsCopy() {
        assertEquals(Path.of("/srv/s3proxy-4.1.0.jar"),
                S3Endpoint.embeddedJar(Optional.of(Path.of("/srv/s3proxy-4.1.0.jar")), "/opt/imagepic/quarkus-run.jar"));
        assertEquals(Path.of("target/s3proxy/s3proxy.jar").toAbsolutePath(),
                S3Endpoint.embeddedJar(Optional.empty(), "target/classes" + File.pathSeparator + "lib/a.jar"));
        assertEquals(Path.of("target/s3proxy/s3proxy.jar").toAbsolutePath(),
                S3Endpoint.embeddedJar(Optional.empty(), "/work/target/imagepic-dev.jar"));
    }

    @Test
    void aMissingJarNamesTheSettingAndThePathTried() {
        String unset = S3Endpoint.missingJar(Path.of("/elsewhere/embedded/s3proxy.jar"), false);
        assertTrue(unset.contains("/elsewhere/embedded/s3proxy.jar"), unset);
        assertTrue(unset.contains("imagepic.storage.embedded.jar"), unset);
        assertTrue(unset.contains("imagepic.storage.endpoint"), unset);
        assertTrue(!unset.contains("mvn"), "no Maven advice for a shipped application: " + unset);
        String set = S3Endpoint.missingJar(Path.of("/srv/gone.jar"), true);
        assertTrue(set.startsWith("S3Proxy jar not found at /srv/gone.jar (imagepic.storage.embedded.jar)"), set);
    }
}

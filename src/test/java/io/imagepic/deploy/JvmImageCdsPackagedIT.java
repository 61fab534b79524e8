package io.imagepic.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import io.imagepic.support.PackagedInstances;

/**
 * The JVM image's AppCDS step, as its Dockerfile writes it, run against the package the image is built from
 * ({@code mvn verify -Pjvm-image}; other packages lack the jar's archive mode, so the test runs only there): it
 * must end cleanly without an S3 server (a failing step fails the image build), and the archive it makes must be
 * one the JVM maps (-Xshare:on refuses to start otherwise) with the options the image starts with.
 */
@EnabledIfSystemProperty(named = "imagepic.jvm-image", matches = "true", disabledReason = "not the JVM image's package: mvn verify -Pjvm-image")
class JvmImageCdsPackagedIT {

    static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");
    static final String DEPLOYMENTS = "/deployments/";
    static final Pattern RUN = Pattern.compile("(?m)^RUN (java .*?-XX:ArchiveClassesAtExit=.*?)(?: && .*)?$");
    static final Pattern ARCHIVE_OPTION = Pattern.compile("-XX:SharedArchiveFile=(\\S+)");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theImagesArchiveStepEndsCleanlyAndMakesAnArchiveTheServiceStartsWith(@TempDir Path tmp) throws Exception {
        String dockerfile = Files.readString(DOCKERFILE).replace("\\\n", " ");
        Matcher run = RUN.matcher(dockerfile);
        assertTrue(run.find(), "no AppCDS step in " + DOCKERFILE);
        Matcher used = ARCHIVE_OPTION.matcher(dockerfile.substring(dockerfile.indexOf("JAVA_OPTS_APPEND")));
        assertTrue(used.find(), "the image does not start with its archive");
        assertTrue(run.group(1).contains("-XX:ArchiveClassesAtExit=" + used.group(1)), "made and used: one file");

        // the image's /deployments is this build's target/quarkus-app; the archive goes to a temporary directory
        Path app = Path.of("target/quarkus-app").toAbsolutePath();
        Path archive = tmp.resolve("app-cds.jsa");
        List<String> command = new ArrayList<>();
        for (String word : Arrays.asList(run.group(1).trim().split("\\s+"))) {
            command.add(word.equals("java") ? ProcessHandle.current().info().command().orElse("java")
                    : word.replace(used.group(1), archive.toString()).replace(DEPLOYMENTS, app + "/"));
        }
        Path log = tmp.resolve("generate.log");
        Process generate = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(generate.waitFor(3, TimeUnit.MINUTES), "the archive step did not end");
        String output = Files.readString(log);
        assertEquals(0, generate.exitValue(), "the archive step failed:\n" + output);
        assertTrue(!output.contains("Listening on"), "the archive step started the service:\n" + output);
        assertTrue(Files.size(archive) > 1_000_000, "archive of " + Files.size(archive) + " bytes");

        try (PackagedInstances withArchive = PackagedInstances.of(1).jvmOption("-Xshare:on")
                .jvmOption("-XX:SharedArchiveFile=" + archive).start()) {
            assertTrue(withArchive.get(0).log().contains("Listening on: "));
        }
    }
}

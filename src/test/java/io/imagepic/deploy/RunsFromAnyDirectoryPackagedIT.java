package io.imagepic.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.imagepic.support.Images;
import io.imagepic.support.Multipart;
import io.imagepic.support.PackagedInstances;
import io.imagepic.support.PackagedInstances.Instance;
import io.imagepic.support.Tokens;

/**
 * The packaged service as a user ships it (issue 26): target/quarkus-app/ copied to a fresh directory and started
 * from a third one, with no S3 endpoint configured, runs the S3Proxy that travels inside the copy, keeps data/ in
 * the directory it was started from (and says where, as absolute paths), and uploads and serves an image.
 */
class RunsFromAnyDirectoryPackagedIT {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aCopiedApplicationStartedElsewhereUploadsAndServesFromItsEmbeddedS3(@TempDir Path tmp) throws Exception {
        Path copy = tmp.resolve("shipped").resolve("imagepic");
        copyTree(Path.of("target/quarkus-app"), copy);
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere")).toRealPath();

        try (PackagedInstances service = PackagedInstances.of(1).from(copy).workingDirectory(elsewhere).asShipped()
                .property("imagepic.admin.phone", Tokens.ADMIN_PHONE).property("imagepic.admin.password", Tokens.PASSWORD)
                .property("imagepic.auth.bcrypt-cost", "4").start()) {
            Instance instance = service.get(0);
            String log = instance.log();
            assertTrue(log.contains("S3Proxy " + copy.toRealPath().resolve("embedded").resolve("s3proxy.jar")),
                    "the S3Proxy inside the copy runs");
            assertTrue(log.contains("objects in " + elsewhere.resolve("data").resolve("objects")), "objects: " + log);
            assertTrue(log.contains("State in " + elsewhere.resolve("data").resolve("state")), "state: " + log);

            String admin = instance.login(Tokens.ADMIN_PHONE, Tokens.PASSWORD);
            instance.call("POST", "/imagepic/bucket/makeBucket", admin, "{\"bucketName\":\"shipped\"}", 200);
            byte[] png = Images.png(20_000, 26);
            HttpResponse<String> uploaded = instance.upload(admin, "shipped", Map.of(),
                    new Multipart().file("logo.png", "image/png", png));
            assertEquals(200, uploaded.statusCode(), uploaded.body());

            HttpResponse<byte[]> served = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(instance.url() + "/i/shipped/logo.png")).header("authorization", admin)
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, served.statusCode());
            assertArrayEquals(png, served.body());
            assertTrue(Files.isDirectory(elsewhere.resolve("data").resolve("objects").resolve("shipped")),
                    "the bucket is under data/ of the directory the service was started from");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(f -> {
                try {
                    Path target = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

package io.imagepic.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.imagepic.support.S3ProxyResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The replicas' HTTP bus is gone with its route: {@code /internal/...} answers 404 on the public port like any unknown
 * path, and a multipart body sent there (the earlier route spooled its file parts before checking anything) leaves
 * nothing on disk.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class NoInternalRouteTest {

    @ConfigProperty(name = "quarkus.http.body.uploads-directory")
    Path uploads;

    @Test
    void theFormerClusterRouteAnswers404AndAMultipartBodyLeavesNothingOnDisk() throws IOException {
        List<Path> dirs = List.of(uploads, Path.of("file-uploads"));
        long before = count(dirs);
        byte[] part = new byte[8 * 1024];
        for (String path : List.of("/internal/cluster/messages", "/internal/anything", "/internal")) {
            for (int i = 0; i < 3; i++) {
                given().multiPart("file", "x.bin", part, "application/octet-stream").post(path).then().statusCode(404);
            }
            given().contentType("application/json").body("[]").post(path).then().statusCode(404);
            given().get(path).then().statusCode(404);
        }
        assertEquals(before, count(dirs), "files left in " + dirs);
    }

    private static long count(List<Path> dirs) throws IOException {
        long n = 0;
        for (Path dir : dirs) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    n += files.filter(Files::isRegularFile).count();
                }
            }
        }
        return n;
    }
}

package io.imagepic.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.imagepic.support.S3ProxyResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class SpoolTest {

    @Inject
    Spool spool;

    @Test
    void sweepRemovesOnlyOrphansOlderThanTheMaxAge() throws Exception {
        Path orphan = spool.newFile();
        Path fresh = spool.newFile();
        Path unrelated = Files.writeString(spool.dir().resolve("keep-me.txt"), "not ours");
        Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Files.setLastModifiedTime(unrelated, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        try {
            assertEquals(1, spool.sweep());
            assertFalse(Files.exists(orphan));
            assertTrue(Files.exists(fresh));
            assertTrue(Files.exists(unrelated));
        } finally {
            Files.deleteIfExists(fresh);
            Files.deleteIfExists(unrelated);
        }
    }
}

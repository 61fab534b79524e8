package io.imagepic.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.imagepic.support.TestClock;

class EntityStoreTest {

    @TempDir
    Path dir;

    private final CountingCodec codec = new CountingCodec();

    /** Two replicas: two stores on one directory, each with its own caches, on the real clock. */
    private EntityStore<String> replica() {
        return replica(Clock.systemUTC());
    }

    private EntityStore<String> replica(Clock clock) {
        return new EntityStore<>(dir, "hook_", ".json", codec, clock);
    }

    @Test
    void createIsExclusiveAcrossReplicas() {
        EntityStore<String> a = replica();
        EntityStore<String> b = replica();

        assertTrue(a.create("h1", "from a"));
        assertFalse(b.create("h1", "from b"));
        assertEquals(Optional.of("from a"), b.get("h1"));
    }

    @Test
    void everyChangeThroughOneReplicaShowsInTheOthersNextRead() {
        EntityStore<String> a = replica();
        EntityStore<String> b = replica();
        a.put("h1", "one");
        assertEquals(Map.of("h1", "one"), b.all());

        a.put("h2", "two");
        assertEquals(Map.of("h1", "one", "h2", "two"), b.all());

        a.put("h1", "uno");
        assertEquals(Optional.of("uno"), b.get("h1"));
        assertEquals(Map.of("h1", "uno", "h2", "two"), b.all());

        assertTrue(a.delete("h2"));
        assertEquals(Map.of("h1", "uno"), b.all());
        assertEquals(List.of("h1"), b.ids());
        assertFalse(b.delete("h2"));
    }

    @Test
    void anUnchangedDirectoryIsNotReadAgain() throws Exception {
        EntityStore<String> a = replica();
        a.put("h1", "one");
        a.put("h2", "two");
        // Its last change long ago (file times are coarse: a change in the same tick would look equal).
        Files.setLastModifiedTime(dir, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        EntityStore<String> b = replica(TestClock.settled());
        b.all();
        int decodes = codec.decodes.get();

        for (int i = 0; i < 10; i++) {
            b.all();
        }
        assertEquals(decodes, codec.decodes.get());

        a.put("h3", "three"); // one new file: only it is decoded
        assertEquals(Map.of("h1", "one", "h2", "two", "h3", "three"), b.all());
        assertEquals(decodes + 1, codec.decodes.get());
    }

    @Test
    void listsOnlyItsOwnKindOfFile() throws Exception {
        EntityStore<String> hooks = replica();
        hooks.put("a b", "spaces are encoded");
        Files.writeString(dir.resolve("svc_0123.json"), "another kind");
        Files.writeString(dir.resolve(".hook_x.json.1234.tmp"), "a write in flight");
        Files.writeString(dir.resolve(".nfs000123"), "an NFS silly-rename");
        Files.writeString(dir.resolve("hook_%zz.json"), "not a name we make");

        assertEquals(List.of("a b"), hooks.ids());
        assertTrue(Files.exists(dir.resolve("hook_a%20b.json")));
    }
}

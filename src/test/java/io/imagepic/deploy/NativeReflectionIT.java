package io.imagepic.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.support.JacksonTypes;

/**
 * Run by .ci/run after the native sources-only build (not part of {@code mvn verify}): every io.imagepic type
 * that Jackson (de)serialized during the tests must be registered for reflection in the native build.
 * Quarkus REST registers the types of its resource signatures; a type written by a Vert.x route or read
 * from a file by an injected ObjectMapper needs {@code @RegisterForReflection}, or the native executable
 * answers with empty objects or fails to read it. The native-image tool is not needed for this check.
 */
class NativeReflectionIT {

    @Test
    void everyTypeJacksonHandledIsRegisteredForReflection() throws IOException {
        assertTrue(Files.isRegularFile(JacksonTypes.FILE), JacksonTypes.FILE + " is missing: run `mvn verify` first");
        Map<String, JsonNode> registered = reflectConfig();

        List<String> missing = new ArrayList<>();
        for (String line : Files.readAllLines(JacksonTypes.FILE)) {
            String[] parts = line.split(" ");
            String how = parts[0], type = parts[1];
            if (!Files.exists(Path.of("target", "classes", type.replace('.', '/') + ".class"))) {
                continue; // recorded by an earlier build of a class that is gone
            }
            JsonNode entry = registered.get(type);
            boolean methods = entry != null && (entry.path("allDeclaredMethods").asBoolean()
                    || entry.path("allPublicMethods").asBoolean() || entry.has("methods"));
            boolean constructors = entry != null && (entry.path("allDeclaredConstructors").asBoolean()
                    || entry.path("allPublicConstructors").asBoolean());
            if (!methods || (how.equals("deserialize") && !constructors)) {
                missing.add(type + " (" + how + "d by Jackson in the tests)");
            }
        }
        assertTrue(missing.isEmpty(), "not registered for reflection in the native build, add @RegisterForReflection: "
                + String.join(", ", missing));
    }

    private static Map<String, JsonNode> reflectConfig() throws IOException {
        Path jar = null;
        try (DirectoryStream<Path> runners = Files.newDirectoryStream(Path.of("target", "native-sources"), "*-runner.jar")) {
            for (Path p : runners) {
                jar = p;
            }
        }
        assertFalse(jar == null, "no native sources: run the native sources-only build first");
        Map<String, JsonNode> byName = new HashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var entries = zip.stream().filter(e -> e.getName().startsWith("META-INF/native-image/")
                    && e.getName().endsWith("reflect-config.json")).toList();
            assertFalse(entries.isEmpty(), jar + " has no reflect-config.json");
            for (var e : entries) {
                for (JsonNode node : new ObjectMapper().readTree(zip.getInputStream(e))) {
                    byName.merge(node.path("name").asText(), node, (a, b) -> a.path("allDeclaredMethods").asBoolean() ? a : b);
                }
            }
        }
        return byName;
    }
}

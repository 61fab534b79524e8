package io.imagepic.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Test-only: writes every io.imagepic type the service's ObjectMapper (de)serializes during the tests to
 * target/jackson-types.txt. A native executable needs each of them registered for reflection;
 * {@code io.imagepic.deploy.NativeReflectionIT} checks that against the native build's reflect-config.json.
 */
@Singleton
public class JacksonTypes implements ObjectMapperCustomizer {

    public static final Path FILE = Path.of("target", "jackson-types.txt");
    private static final String STARTED = "imagepic.jackson-types.recording";
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("imagepic-jackson-types");
        module.setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription bean,
                    JsonSerializer<?> serializer) {
                record("serialize", bean.getBeanClass());
                return serializer;
            }
        });
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription bean,
                    JsonDeserializer<?> deserializer) {
                record("deserialize", bean.getBeanClass());
                return deserializer;
            }
        });
        mapper.registerModule(module);
    }

    private static void record(String how, Class<?> type) {
        String line = how + " " + type.getName();
        if (type.getName().startsWith("io.imagepic.") && SEEN.add(line)) {
            synchronized (SEEN) {
                try {
                    Files.createDirectories(FILE.getParent());
                    // One file per test JVM (Quarkus restarts between test classes reload this class).
                    if (System.getProperty(STARTED) == null) {
                        System.setProperty(STARTED, "true");
                        Files.deleteIfExists(FILE);
                    }
                    Files.writeString(FILE, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}

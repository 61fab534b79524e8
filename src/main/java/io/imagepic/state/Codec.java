package io.imagepic.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** How an entity becomes the bytes of its file and back. */
public interface Codec<T> {

    byte[] encode(T value) throws IOException;

    T decode(byte[] bytes) throws IOException;

    static <T> Codec<T> json(ObjectMapper json, Class<T> type) {
        return new Codec<>() {
            @Override
            public byte[] encode(T value) throws IOException {
                return json.writeValueAsBytes(value);
            }

            @Override
            public T decode(byte[] bytes) throws IOException {
                return json.readValue(bytes, type);
            }
        };
    }

    static <T> Codec<T> json(ObjectMapper json, TypeReference<T> type) {
        return new Codec<>() {
            @Override
            public byte[] encode(T value) throws IOException {
                return json.writeValueAsBytes(value);
            }

            @Override
            public T decode(byte[] bytes) throws IOException {
                return json.readValue(bytes, type);
            }
        };
    }

    static Codec<String> utf8() {
        return new Codec<>() {
            @Override
            public byte[] encode(String value) {
                return value.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public String decode(byte[] bytes) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
        };
    }

    static Codec<byte[]> bytes() {
        return new Codec<>() {
            @Override
            public byte[] encode(byte[] value) {
                return value.clone();
            }

            @Override
            public byte[] decode(byte[] bytes) {
                return bytes;
            }
        };
    }
}

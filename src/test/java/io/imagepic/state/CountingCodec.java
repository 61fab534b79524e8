package io.imagepic.state;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** UTF-8 text that counts its decodes, to show when a cache read the file again. */
final class CountingCodec implements Codec<String> {

    final AtomicInteger decodes = new AtomicInteger();

    @Override
    public byte[] encode(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
        decodes.incrementAndGet();
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

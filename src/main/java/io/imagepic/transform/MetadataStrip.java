package io.imagepic.transform;

import java.util.List;
import java.util.Locale;

import jakarta.inject.Singleton;

import com.sun.jna.Memory;

import io.imagepic.web.ApiError;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Strips EXIF, GPS, XMP and IPTC from an original before it is stored ({@code strip: exif} on an upload, or a
 * bucket in {@code strip-on-upload}), its orientation applied to the pixels so it still shows upright; the ICC
 * profile is kept. Runs on the transform pool, admitted like a transform (503 with Retry-After when busy).
 */
@Singleton
public class MetadataStrip {

    private final TransformConfig config;
    private final TransformPool pool;
    private final VipsEngine engine;

    MetadataStrip(TransformConfig config, TransformPool pool, VipsEngine engine) {
        this.config = config;
        this.pool = pool;
        this.engine = engine;
    }

    /**
     * Whether an upload to {@code bucket} with this {@code strip} header value is stripped. 400 for a value other
     * than {@code exif}, or while transforms (libvips) are off.
     */
    public boolean wanted(String bucket, String header) {
        boolean asked = false;
        if (header != null && !header.isBlank()) {
            if (!header.trim().toLowerCase(Locale.ROOT).equals("exif")) {
                throw ApiError.badRequest(TransformMsg.BAD_STRIP);
            }
            asked = true;
        }
        boolean always = config.stripOnUpload().orElse(List.of()).contains(bucket);
        if ((asked || always) && !config.enabled()) {
            throw ApiError.badRequest(TransformMsg.DISABLED);
        }
        return asked || always;
    }

    /** Largest file that can be stripped (the transforms' source limit). */
    public long maxBytes() {
        return config.maxSourceSize().asLongValue();
    }

    /** The file without its metadata, completed on the caller's event loop. */
    public Future<Buffer> strip(Buffer file) {
        TransformPool.Ticket ticket;
        try {
            ticket = pool.admit(file.length());
        } catch (ApiError e) {
            return Future.failedFuture(e);
        }
        Memory memory = new Memory(Math.max(1, file.length()));
        memory.getByteBuffer(0, file.length()).put(file.getByteBuf().nioBuffer());
        return pool.run(() -> {
            try (memory) {
                byte[] stripped = engine.strip(memory, file.length());
                return stripped == null ? file : Buffer.buffer(stripped);
            }
        }).onComplete(ar -> ticket.close());
    }
}

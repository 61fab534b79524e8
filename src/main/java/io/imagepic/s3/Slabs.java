package io.imagepic.s3;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.vertx.core.buffer.Buffer;

/**
 * Bytes held for one S3 request body (a part, or a whole small file): pooled slabs from a
 * {@link PartMemory.Grant}, filled in order up to a limit, with the CRC32C of what they hold (and optionally
 * another digest) taken as the bytes are copied in, while they are in cache. Not thread-safe.
 */
public final class Slabs {

    private final PartMemory.Grant memory;
    private final int limit;
    private final List<ByteBuf> slabs = new ArrayList<>();
    private final CRC32C crc = new CRC32C();
    private int length;

    public Slabs(PartMemory.Grant memory, int limit) {
        this.memory = memory;
        this.limit = limit;
    }

    /**
     * Copies from {@code src} (advancing its reader index) until it is empty or the limit is reached;
     * returns false when a slab was needed and the memory budget had none.
     *
     * @param digest also fed with the copied bytes, or null
     */
    public boolean append(ByteBuf src, MessageDigest digest) {
        while (src.isReadable() && length < limit) {
            ByteBuf slab = slabs.isEmpty() ? null : slabs.get(slabs.size() - 1);
            if (slab == null || !slab.isWritable()) {
                slab = memory.slab();
                if (slab == null) {
                    return false;
                }
                slabs.add(slab);
            }
            int n = Math.min(Math.min(src.readableBytes(), slab.writableBytes()), limit - length);
            int at = slab.writerIndex();
            slab.writeBytes(src, n);
            ByteBuffer copied = slab.nioBuffer(at, n);
            crc.update(copied);
            if (digest != null) {
                digest.update(slab.nioBuffer(at, n));
            }
            length += n;
        }
        return true;
    }

    public int length() {
        return length;
    }

    public boolean full() {
        return length == limit;
    }

    public int crc32c() {
        return (int) crc.getValue();
    }

    /** The bytes as one buffer, without copying them; valid until {@link #free()}. */
    public Buffer asBuffer() {
        CompositeByteBuf all = ByteBufAllocator.DEFAULT.compositeDirectBuffer(Math.max(2, slabs.size()));
        for (ByteBuf slab : slabs) {
            all.addComponent(true, slab.slice()); // a view: the slabs are freed, not this composite
        }
        return Buffer.buffer(all);
    }

    /** Gives the slabs back to the pool. */
    public void free() {
        slabs.forEach(memory::free);
        slabs.clear();
    }
}

package io.imagepic.s3;

import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * The memory all uploads together may hold in part buffers, and where those buffers come from.
 * <p>
 * Parts are built from fixed-size slabs of pooled direct memory (Netty's pooled allocator: reused across
 * uploads, never allocated per upload, written to the S3 socket without another copy). A file only takes
 * the slabs its bytes fill, so a 200 KiB image holds 4 slabs, not a 5 MiB array, and nothing is allocated
 * before bytes arrive.
 * <p>
 * Admission is by {@link #tryGrant grant}: an upload is let in only if the budget still covers one whole
 * part of it (or the whole file, if the request says it is smaller), so every admitted upload can always
 * make progress; past the budget, callers are told to come back later rather than queued. A second part
 * (reading the next part while one is sent) is borrowed only when the budget has room.
 */
public final class PartMemory {

    public static final int SLAB = 64 * 1024;

    private final long budget;
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicLong slabsOut = new AtomicLong();
    private final ByteBufAllocator allocator;

    public PartMemory(long budget) {
        this(budget, PooledByteBufAllocator.DEFAULT);
    }

    PartMemory(long budget, ByteBufAllocator allocator) {
        this.budget = budget;
        this.allocator = allocator;
    }

    public long budget() {
        return budget;
    }

    /** Bytes granted to uploads now (guarantees plus what they borrowed). */
    public long reserved() {
        return reserved.get();
    }

    /** Slabs allocated and not yet freed (0 when no upload runs: anything else is a leak). */
    public long slabsOut() {
        return slabsOut.get();
    }

    /**
     * Admits an upload that may need {@code bytes} at once (rounded up to slabs), or returns null when the
     * budget cannot cover it.
     */
    public Grant tryGrant(long bytes) {
        long slabs = Math.max(1, (bytes + SLAB - 1) / SLAB);
        long guaranteed = slabs * SLAB;
        return tryReserve(guaranteed) ? new Grant(guaranteed) : null;
    }

    private boolean tryReserve(long bytes) {
        while (true) {
            long now = reserved.get();
            if (now + bytes > budget) {
                return false;
            }
            if (reserved.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    private void release(long bytes) {
        reserved.addAndGet(-bytes);
    }

    /**
     * One upload's share: slabs up to its guarantee always, more while the budget has room. Used from
     * one event loop; {@link #close()} returns everything.
     */
    public final class Grant implements AutoCloseable {
        private final long guaranteed;
        private long used;
        private boolean closed;

        private Grant(long guaranteed) {
            this.guaranteed = guaranteed;
        }

        /** A new slab (direct, pooled, empty), or null when neither the guarantee nor the budget has room. */
        public ByteBuf slab() {
            if (closed || (used + SLAB > guaranteed && !tryReserve(SLAB))) {
                return null;
            }
            used += SLAB;
            slabsOut.incrementAndGet();
            return allocator.directBuffer(SLAB, SLAB);
        }

        /** Gives a slab back (its bytes were sent, or the upload failed). */
        public void free(ByteBuf slab) {
            slab.release();
            slabsOut.decrementAndGet();
            if (closed) {
                return; // accounted for when closed
            }
            if (used > guaranteed) {
                release(SLAB); // it was borrowed
            }
            used -= SLAB;
        }

        public long used() {
            return used;
        }

        /** Returns the guarantee; slabs still out must have been freed. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(guaranteed + Math.max(0, used - guaranteed));
                used = 0;
            }
        }
    }
}

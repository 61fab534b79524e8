package io.imagepic.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import io.imagepic.web.ApiError;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * Bridges a Vert.x {@link ReadStream} (a file part arriving on the event loop) to a blocking
 * {@link InputStream} read by a worker thread. At most {@code highWater} bytes wait in between: past it
 * the source is paused, which pauses the request and lets TCP push back on the client; it is resumed on
 * its own context once the reader has drained below {@code lowWater}.
 * <p>
 * It also enforces the per-file byte cap (chunked requests have no Content-Length to check up front),
 * and can be told to {@link #discard()} the rest of the part when the reader gives up early.
 */
final class ReadStreamInputStream extends InputStream {

    private static final Buffer END = Buffer.buffer(0);

    private final ReadStream<Buffer> source;
    private final Context context;
    private final long highWater;
    private final long lowWater;
    private final long maxBytes;
    private final long idleTimeoutMs;
    private final LinkedBlockingQueue<Buffer> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final LongConsumer onBytes;

    // event-loop state
    private boolean paused;
    private boolean discarding;
    private long received;

    private volatile Throwable failure;

    // reader state
    private Buffer current;
    private int position;
    private boolean ended;

    /** Must be called on the source's context, synchronously in the handler that got the stream. */
    ReadStreamInputStream(ReadStream<Buffer> source, Context context, long highWater, long lowWater, long maxBytes,
            Duration idleTimeout, LongConsumer onBytes) {
        this.source = source;
        this.context = context;
        this.highWater = highWater;
        this.lowWater = lowWater;
        this.maxBytes = maxBytes;
        this.idleTimeoutMs = idleTimeout.toMillis();
        this.onBytes = onBytes;
        source.handler(this::onChunk);
        source.endHandler(v -> queue.add(END));
        source.exceptionHandler(this::fail);
    }

    private void onChunk(Buffer chunk) {
        received += chunk.length();
        onBytes.accept(chunk.length());
        if (discarding) {
            return;
        }
        if (received > maxBytes) {
            fail(new ApiError(ApiError.Kind.TOO_LARGE, UploadMsg.FILE_TOO_LARGE, maxBytes));
            return;
        }
        queue.add(chunk);
        if (queued.addAndGet(chunk.length()) >= highWater && !paused) {
            paused = true;
            source.pause();
        }
    }

    /** Ends the stream with an error for the reader, and drops whatever still arrives. Event loop. */
    void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        queue.add(END);
        startDiscarding();
    }

    /** The reader is done with this part (stored or refused): drop the rest so the request moves on. Any thread. */
    void discard() {
        context.runOnContext(v -> startDiscarding());
    }

    private void startDiscarding() {
        if (discarding) {
            return;
        }
        discarding = true;
        queue.removeIf(b -> b != END);
        queued.set(0);
        if (paused) {
            paused = false;
            source.resume();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || position == current.length()) {
            if (ended) {
                return endOfStream();
            }
            current = next();
            position = 0;
            if (current == END) {
                ended = true;
                current = null;
                return endOfStream();
            }
            long after = queued.addAndGet(-current.length());
            if (after <= lowWater && after + current.length() > lowWater) {
                context.runOnContext(v -> resumeIfDrained());
            }
        }
        int n = Math.min(len, current.length() - position);
        current.getBytes(position, position + n, dst, off);
        position += n;
        return n;
    }

    private Buffer next() throws IOException {
        try {
            Buffer b = queue.poll(idleTimeoutMs, TimeUnit.MILLISECONDS);
            if (b == null) {
                ApiError idle = new ApiError(ApiError.Kind.REQUEST_TIMEOUT, UploadMsg.IDLE, idleTimeoutMs);
                context.runOnContext(v -> fail(idle));
                throw idle;
            }
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("upload interrupted");
        }
    }

    private int endOfStream() throws IOException {
        Throwable f = failure;
        if (f instanceof ApiError e) {
            throw e; // our own verdicts: too large, too slow
        }
        if (f != null) {
            throw new ClientGoneException(f);
        }
        return -1;
    }

    /** Runs on the source's context, so it sees the latest {@code paused}: no race with the pausing side. */
    private void resumeIfDrained() {
        if (paused && !discarding && queued.get() <= lowWater) {
            paused = false;
            source.resume();
        }
    }

    /** The client's connection failed or closed before the part was complete. */
    static final class ClientGoneException extends IOException {
        ClientGoneException(Throwable cause) {
            super("client connection lost mid-upload: " + cause.getMessage(), cause);
        }
    }
}

package io.imagepic.upload;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.zip.CRC32C;

import org.jboss.logging.Logger;

import io.imagepic.s3.ObjectKeys;
import io.imagepic.s3.ObjectStore;
import io.imagepic.s3.PartMemory;
import io.imagepic.s3.S3Exception;
import io.imagepic.s3.Slabs;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;

/**
 * A content-addressed file ({@code naming: hash}): its key is the SHA-256 of its bytes, known only at its
 * end. A file that fits in one part waits in memory (pooled slabs) and is one create-only PUT; a larger one
 * is spooled to disk (asynchronous file I/O, never on the event loop) and then sent as one streaming PUT.
 * If the key exists, it is answered only if it holds the same bytes.
 */
final class HashedSink implements FileSink {

    private static final Logger LOG = Logger.getLogger(HashedSink.class);
    private static final int SPOOL_READ_BUFFER = 64 * 1024;

    private final ObjectStore s3;
    private final ConditionalWrites writes;
    private final Spool spoolDir;
    private final FileSystem files;
    private final UploadRequest request;
    private final ImageType type;
    private final PartMemory.Grant memory;
    private final Slabs inMemory;
    private final MessageDigest sha256 = ConditionalWrites.sha256();
    private final CRC32C crc = new CRC32C();
    private final Promise<Stored> result = Promise.promise();
    private final ArrayDeque<Buffer> waiting = new ArrayDeque<>();

    private long size;
    private boolean spooling;
    private AsyncFile spool;
    private String spoolPath;
    private boolean ended;
    private boolean sending;
    private Runnable drained;

    HashedSink(ObjectStore s3, ConditionalWrites writes, Spool spool, FileSystem files, int partSize, UploadRequest request,
            ImageType type, PartMemory.Grant memory) {
        this.s3 = s3;
        this.writes = writes;
        this.spoolDir = spool;
        this.files = files;
        this.request = request;
        this.type = type;
        this.memory = memory;
        this.inMemory = new Slabs(memory, partSize);
    }

    @Override
    public void write(Buffer chunk) {
        if (result.future().isComplete()) {
            return;
        }
        size += chunk.length();
        for (ByteBuffer b : chunk.getByteBuf().nioBuffers()) {
            sha256.update(b.duplicate());
            crc.update(b);
        }
        if (!spooling) {
            ByteBuf src = chunk.getByteBuf();
            if (inMemory.append(src, null) && !src.isReadable()) {
                return;
            }
            // More than one part (or no memory left): the file goes to the spool.
            waiting.add(Buffer.buffer(src.copy()));
            startSpooling();
        } else if (spool == null) {
            waiting.add(chunk.copy()); // the spool file is being opened
        } else {
            spool.write(chunk);
        }
    }

    @Override
    public boolean full() {
        return spooling && (spool == null || spool.writeQueueFull());
    }

    @Override
    public void onDrain(Runnable drained) {
        if (spool != null) {
            spool.drainHandler(v -> drained.run());
        } else {
            this.drained = drained; // runs once the spool file is open
        }
    }

    @Override
    public void end() {
        ended = true;
        if (!spooling) {
            send(inMemory.asBuffer(), null);
        } else if (spool != null) {
            finishSpool();
        } // else: finished once the spool file is open
    }

    @Override
    public void abort(Throwable cause) {
        if (result.tryFail(cause) && !sending) {
            cleanUp(); // else once the PUT in flight settles: its bytes are in the slabs
        }
    }

    @Override
    public Future<Stored> result() {
        return result.future();
    }

    private void startSpooling() {
        spooling = true;
        spoolDir.newFileAsync().compose(path -> {
            spoolPath = path;
            return files.open(path, new OpenOptions().setWrite(true).setTruncateExisting(true));
        }).onComplete(ar -> {
            if (ar.failed()) {
                abort(ar.cause());
                return;
            }
            spool = ar.result();
            spool.exceptionHandler(this::abort);
            if (result.future().isComplete()) {
                cleanUp();
                return;
            }
            // the part held in memory first, then what arrived meanwhile; the slabs go back once written
            Buffer held = inMemory.asBuffer();
            spool.write(held).onComplete(w -> inMemory.free());
            while (!waiting.isEmpty()) {
                spool.write(waiting.poll());
            }
            if (ended) {
                finishSpool();
            } else if (drained != null) {
                Runnable d = drained;
                drained = null;
                if (spool.writeQueueFull()) {
                    spool.drainHandler(v -> d.run());
                } else {
                    d.run();
                }
            }
        });
    }

    private void finishSpool() {
        AsyncFile written = spool;
        spool = null; // end() closes it
        written.end().compose(v -> files.open(spoolPath, new OpenOptions().setRead(true)))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        abort(ar.cause());
                        return;
                    }
                    AsyncFile in = ar.result().setReadBufferSize(SPOOL_READ_BUFFER);
                    send(null, in);
                });
    }

    /** One create-only PUT of the whole file, from memory or from the spool. */
    private void send(Buffer body, AsyncFile file) {
        if (result.future().isComplete() || sending) {
            return;
        }
        sending = true;
        String sha = HexFormat.of().formatHex(sha256.digest());
        String key = ObjectKeys.key(request.folder(),
                sha.substring(0, ConditionalWrites.HASH_KEY_HEX) + "." + type.extension());
        var write = ConditionalWrites.write(type, request.caller(), sha).createOnly();
        int checksum = (int) crc.getValue();
        var put = body != null
                ? s3.put(request.bucket(), key, write, body, checksum)
                : s3.put(request.bucket(), key, write, file, size, checksum);
        put.map(r -> new Stored(key, r.etag(), r.versionId(), size, type, true, true)) // create-only
                .recover(e -> e instanceof S3Exception s3e && s3e.code() == S3Exception.Code.PRECONDITION_FAILED
                        ? writes.sameBytes(request, key, sha, size, type) // identical bytes are stored once
                        : Future.failedFuture(e))
                .onComplete(ar -> {
                    if (file != null) {
                        closeQuietly(file);
                    }
                    cleanUp();
                    if (ar.succeeded()) {
                        result.tryComplete(ar.result());
                    } else {
                        result.tryFail(ar.cause());
                    }
                });
    }

    private void cleanUp() {
        inMemory.free();
        waiting.clear();
        memory.close();
        if (spool != null) {
            AsyncFile f = spool;
            spool = null;
            closeQuietly(f).onComplete(v -> deleteSpool());
        } else if (spoolPath != null) {
            deleteSpool();
        }
    }

    /** Closes a file that may be closed already (a written spool file is closed by its end()). */
    private static Future<Void> closeQuietly(AsyncFile file) {
        try {
            return file.close().recover(e -> Future.succeededFuture());
        } catch (IllegalStateException closed) {
            return Future.succeededFuture();
        }
    }

    private void deleteSpool() {
        String path = spoolPath;
        spoolPath = null;
        if (path != null) {
            files.delete(path)
                    .onSuccess(v -> Spool.deleted(path))
                    .onFailure(e -> LOG.warnf("could not delete spool file %s (the sweep will): %s", path, e.toString()));
        }
    }
}

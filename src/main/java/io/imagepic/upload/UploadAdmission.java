package io.imagepic.upload;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.imagepic.access.Caller;
import io.imagepic.s3.PartMemory;
import io.imagepic.web.ApiError;

/**
 * Who may start an upload now, decided before a body byte is read: the caller's share of this replica's
 * uploads (a person's {@code imagepic.upload.max-per-caller}; a service token's own limit, set when it was
 * minted: a backend uploading for many people is not one person), else 429; then memory for a part of its
 * file from the replica's budget, which bounds everyone together, else 503. Both with Retry-After, so a busy
 * replica answers at once instead of queueing.
 */
@ApplicationScoped
public class UploadAdmission {

    private static final Logger LOG = Logger.getLogger(UploadAdmission.class);

    /** An upload let in: its first grant, and what to call when it ends (once). */
    record Admitted(PartMemory.Grant memory, Runnable leave) {
    }

    private final UploadLimits limits;
    private final PartMemory memory;
    private final int perPerson;
    private final int partSize;

    UploadAdmission(UploadConfig config, UploadLimits limits, PartMemory memory) {
        this.limits = limits;
        this.memory = memory;
        this.perPerson = config.maxPerCaller();
        this.partSize = partSize(config);
    }

    /** The configured part size, checked against S3's minimum. */
    static int partSize(UploadConfig config) {
        int size = (int) config.partSize().asLongValue();
        if (size < 5 * 1024 * 1024) {
            throw new IllegalArgumentException("imagepic.upload.part-size must be at least 5M (the S3 minimum)");
        }
        return size;
    }

    /** Uploads this caller may run at once on this replica. */
    int limitOf(Caller caller) {
        return caller.service() && caller.maxUploads() > 0 ? caller.maxUploads() : perPerson;
    }

    /**
     * Lets an upload of at most {@code sizeHint} bytes in (-1: unknown), or throws the refusal (429 past the
     * caller's share, 503 past the memory budget).
     */
    Admitted admit(Caller caller, long sizeHint) {
        int max = limitOf(caller);
        String id = caller.isAnonymous() ? "" : caller.id();
        if (!limits.tryEnter(id, max)) {
            throw new ApiError(ApiError.Kind.TOO_MANY_REQUESTS, UploadMsg.PER_CALLER, max).retryAfter(ApiError.RETRY_BUSY);
        }
        PartMemory.Grant grant = memoryFor(sizeHint);
        if (grant == null) {
            LOG.debugf("upload refused: the memory budget is spent (%d of %d bytes reserved)", memory.reserved(),
                    memory.budget());
            limits.leave(id);
            throw new ApiError(ApiError.Kind.UNAVAILABLE, UploadMsg.BUSY).retryAfter(ApiError.RETRY_BUSY);
        }
        return new Admitted(grant, () -> limits.leave(id));
    }

    /**
     * Memory for a file of at most {@code upTo} bytes (-1: unknown), enough for one whole part of it; null when
     * the budget cannot cover it now.
     */
    PartMemory.Grant memoryFor(long upTo) {
        return memory.tryGrant(upTo < 0 ? partSize : Math.min(upTo, partSize));
    }
}

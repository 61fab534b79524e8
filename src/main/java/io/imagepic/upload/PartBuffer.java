package io.imagepic.upload;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * One S3 part being collected: starts small and grows up to the part size, so a 200 KiB image never
 * holds a 5 MiB array.
 */
final class PartBuffer {

    private static final int INITIAL = 64 * 1024;

    byte[] data;
    int length;
    boolean eof;

    PartBuffer(int capacity) {
        this.data = new byte[capacity];
    }

    static PartBuffer small() {
        return new PartBuffer(INITIAL);
    }

    /** Sized for a file of at most {@code sizeHint} bytes (-1: unknown), never more than {@code max}. */
    static PartBuffer forSize(long sizeHint, int max) {
        return sizeHint <= INITIAL ? small() : new PartBuffer((int) Math.min(sizeHint, max));
    }

    void reset() {
        length = 0;
        eof = false;
    }

    /** Reads until {@code limit} bytes are held or the stream ends, growing the array as needed. */
    PartBuffer fill(InputStream in, int limit) throws IOException {
        while (length < limit && !eof) {
            if (length == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(limit, (long) data.length * 2));
            }
            int n = in.read(data, length, Math.min(data.length, limit) - length);
            if (n < 0) {
                eof = true;
            } else {
                length += n;
            }
        }
        return this;
    }
}

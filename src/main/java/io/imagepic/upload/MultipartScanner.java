package io.imagepic.upload;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;

/**
 * A streaming {@code multipart/form-data} parser (RFC 7578, RFC 2046 §5.1) over a request's buffers as they
 * arrive: the body bytes of each part are handed out as slices of the incoming buffers, never copied.
 * <p>
 * Why hand-written: Netty's decoder (behind Vert.x's {@code setExpectMultipart}) copies every chunk into its own
 * accumulation buffer and searches it byte by byte with bounds checks; its garbage and search were a fifth of
 * the upload path's CPU (docs/benchmarks.md). Here the delimiter {@code CRLF--boundary} is found with
 * Boyer-Moore-Horspool over the buffer's array, which for image bytes skips about a delimiter's length per
 * comparison; only a delimiter split across two buffers (at most its length minus one bytes) and the part
 * headers are copied.
 * <p>
 * The body is treated as if it began with a CRLF, so a first boundary at its very start is found like any
 * other; what precedes the first boundary (preamble) and follows the last (epilogue) is ignored. Transport
 * padding (spaces, tabs) after a boundary is allowed. A boundary followed by anything but {@code --}, padding
 * and CRLF, part headers larger than {@code maxHeaderBytes}, more than {@code maxParts} parts, a part without
 * {@code Content-Disposition: form-data}, or a body that ends before its closing boundary are
 * {@link Malformed}.
 * <p>
 * Not thread-safe: feed it from the request's event loop. The listener may keep the slices it gets (Vert.x
 * buffers handed to a request handler are the handler's to keep). Public for the benchmark's bare pipe
 * (src/test/bench/FloorScannerPipe.java), which measures it without the service around it.
 */
public final class MultipartScanner {

    /** Part headers larger than this are refused (the longest key is 1024 bytes; browsers send far less). */
    static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Parts in one request, files or not (Quarkus' own limit on form fields). */
    static final int MAX_PARTS = 1000;

    /** What a part's headers say. {@code filename} null: a form field, not a file. */
    public record PartHead(String name, String filename, String contentType) {
        public boolean isFile() {
            return filename != null;
        }
    }

    /** Receives the parts in order, on the thread that feeds the scanner. */
    public interface Listener {
        void partStarted(PartHead head);

        /** Bytes of the current part: a slice of an incoming buffer (or, where a delimiter was split, a small copy). */
        void partData(Buffer slice);

        void partEnded();
    }

    /** The body is not valid multipart: answered with 400. */
    public static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private enum State {
        PREAMBLE,
        /** Just after a delimiter: "--" (the end), or padding and CRLF (a part follows). */
        AFTER_DELIMITER,
        AFTER_DELIMITER_DASH,
        AFTER_DELIMITER_PADDING,
        AFTER_DELIMITER_CR,
        HEADERS,
        BODY,
        EPILOGUE
    }

    private final byte[] delimiter;
    private final int[] shift = new int[256];
    private final Listener listener;
    private final int maxHeaderBytes;
    private final int maxParts;

    private State state = State.PREAMBLE;
    /** Bytes at the end of the last buffer that began a delimiter: its first {@code carried} bytes. */
    private int carried;
    /** A part's closing delimiter was found; it ends once the delimiter's line is valid. */
    private boolean partEnding;
    private byte[] headers = new byte[256];
    private int headerLength;
    private int parts;

    public MultipartScanner(String boundary, Listener listener) {
        this(boundary, listener, MAX_HEADER_BYTES, MAX_PARTS);
    }

    MultipartScanner(String boundary, Listener listener, int maxHeaderBytes, int maxParts) {
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.listener = listener;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxParts = maxParts;
        int m = delimiter.length;
        Arrays.fill(shift, m);
        for (int i = 0; i < m - 1; i++) {
            shift[delimiter[i] & 0xff] = m - 1 - i;
        }
        carried = 2; // the virtual CRLF before the body: a boundary at its start is a delimiter too
    }

    /**
     * The boundary parameter of a multipart Content-Type (quoted or not), or null if it has none or an invalid
     * one (RFC 2046: 1 to 70 characters, no CR or LF).
     */
    public static String boundary(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String param : splitParams(contentType)) {
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("boundary")) {
                String b = unquote(param.substring(eq + 1).trim());
                boolean valid = !b.isEmpty() && b.length() <= 70 && b.chars().allMatch(c -> c > 0x20 && c < 0x7f || c == ' ')
                        && !b.endsWith(" ");
                return valid ? b : null;
            }
        }
        return null;
    }

    /** Parses what {@code buffer} holds; slices of it go to the listener. */
    public void feed(Buffer buffer) throws Malformed {
        int length = buffer.length();
        if (length == 0) {
            return;
        }
        ByteBuf bytes = buffer.getByteBuf();
        if (!bytes.hasArray()) { // Vert.x hands request bodies over in heap buffers; others are copied once
            byte[] copy = new byte[length];
            bytes.getBytes(bytes.readerIndex(), copy);
            buffer = Buffer.buffer(copy);
            bytes = buffer.getByteBuf();
        }
        byte[] a = bytes.array();
        int base = bytes.arrayOffset() + bytes.readerIndex();
        int pos = 0;
        if (carried > 0) {
            pos = resumeDelimiter(a, base, length);
            if (pos < 0) {
                return; // still undecided: the whole buffer was part of a possible delimiter
            }
        }
        while (pos < length) {
            switch (state) {
                case PREAMBLE, BODY -> pos = scanBody(buffer, a, base, pos, length);
                case AFTER_DELIMITER, AFTER_DELIMITER_DASH, AFTER_DELIMITER_PADDING, AFTER_DELIMITER_CR -> pos = afterDelimiter(
                        a, base, pos, length);
                case HEADERS -> pos = headers(a, base, pos, length);
                case EPILOGUE -> pos = length;
            }
        }
    }

    /** The body ended: it must have ended with the closing delimiter (anything after it is ignored). */
    public void end() throws Malformed {
        if (state != State.EPILOGUE) {
            throw new Malformed(
                    state == State.PREAMBLE ? "no boundary in the body" : "the body ended before its closing boundary");
        }
    }

    boolean complete() {
        return state == State.EPILOGUE;
    }

    /**
     * The last buffer ended with the first {@code carried} bytes of a delimiter: either this one completes it
     * (returns where the delimiter ends), or those bytes were data after all (handed out, returns 0), or this
     * buffer is too short to tell (returns -1, all of it carried).
     */
    private int resumeDelimiter(byte[] a, int base, int length) throws Malformed {
        int need = delimiter.length - carried;
        int have = Math.min(need, length);
        for (int i = 0; i < have; i++) {
            if (a[base + i] != delimiter[carried + i]) {
                // Not a delimiter. CR occurs in a delimiter only at its start, so no later byte of the carried
                // ones can begin another: they are all data.
                if (state == State.BODY) {
                    listener.partData(Buffer.buffer(Arrays.copyOf(delimiter, carried)));
                }
                carried = 0;
                return 0;
            }
        }
        if (have < need) {
            carried += have;
            return -1;
        }
        carried = 0;
        delimiterFound();
        return need;
    }

    /** Data up to the next delimiter; a possible delimiter at the end of the buffer is carried to the next. */
    private int scanBody(Buffer buffer, byte[] a, int base, int pos, int length) throws Malformed {
        int found = indexOf(a, base + pos, base + length);
        if (found >= 0) {
            int at = found - base;
            if (state == State.BODY && at > pos) {
                listener.partData(buffer.slice(pos, at));
            }
            delimiterFound();
            return at + delimiter.length;
        }
        int tail = delimiterPrefixAtEnd(a, base + pos, base + length);
        if (state == State.BODY && length - tail > pos) {
            listener.partData(buffer.slice(pos, length - tail));
        }
        carried = tail;
        return length;
    }

    /**
     * The part before the delimiter ends once the delimiter's line proves valid: a file whose closing line is
     * garbage is never stored (it fails with the body instead).
     */
    private void delimiterFound() {
        partEnding = state == State.BODY;
        state = State.AFTER_DELIMITER;
    }

    private void endPart() {
        if (partEnding) {
            partEnding = false;
            listener.partEnded();
        }
    }

    /** "--" ends the body; else optional padding and CRLF open the next part's headers. */
    private int afterDelimiter(byte[] a, int base, int pos, int length) throws Malformed {
        while (pos < length) {
            byte b = a[base + pos++];
            switch (state) {
                case AFTER_DELIMITER -> {
                    if (b == '-') {
                        state = State.AFTER_DELIMITER_DASH;
                    } else if (b == ' ' || b == '\t') {
                        state = State.AFTER_DELIMITER_PADDING;
                    } else if (b == '\r') {
                        state = State.AFTER_DELIMITER_CR;
                    } else {
                        throw new Malformed("a boundary is followed by neither CRLF nor --");
                    }
                }
                case AFTER_DELIMITER_DASH -> {
                    if (b != '-') {
                        throw new Malformed("a boundary is followed by neither CRLF nor --");
                    }
                    state = State.EPILOGUE;
                    endPart();
                    return length; // the rest is epilogue
                }
                case AFTER_DELIMITER_PADDING -> {
                    if (b == '\r') {
                        state = State.AFTER_DELIMITER_CR;
                    } else if (b != ' ' && b != '\t') {
                        throw new Malformed("a boundary is followed by neither CRLF nor --");
                    }
                }
                case AFTER_DELIMITER_CR -> {
                    if (b != '\n') {
                        throw new Malformed("a boundary line does not end with CRLF");
                    }
                    if (++parts > maxParts) {
                        throw new Malformed("more than " + maxParts + " parts");
                    }
                    endPart();
                    state = State.HEADERS;
                    headerLength = 0;
                    return pos;
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return pos;
    }

    /** Collects a part's header lines up to the empty line (CRLF CRLF, or a bare LF as lenient parsers allow). */
    private int headers(byte[] a, int base, int pos, int length) throws Malformed {
        while (pos < length) {
            byte b = a[base + pos++];
            if (headerLength == maxHeaderBytes) {
                throw new Malformed("part headers larger than " + maxHeaderBytes + " bytes");
            }
            if (headerLength == headers.length) {
                headers = Arrays.copyOf(headers, Math.min(maxHeaderBytes, headers.length * 2));
            }
            headers[headerLength++] = b;
            if (b == '\n' && endOfHeaders()) {
                listener.partStarted(parseHead(new String(headers, 0, headerLength, StandardCharsets.UTF_8)));
                state = State.BODY;
                return pos;
            }
        }
        return pos;
    }

    /** The header block so far ends with an empty line (or is one: a part without headers). */
    private boolean endOfHeaders() {
        int n = headerLength;
        return (n >= 2 && headers[n - 2] == '\n') // LF LF
                || (n >= 3 && headers[n - 2] == '\r' && headers[n - 3] == '\n') // LF CR LF (and CRLF CRLF)
                || (n == 1) || (n == 2 && headers[0] == '\r');
    }

    /**
     * Content-Disposition (form-data, name, filename or RFC 5987 filename*) and Content-Type. A filename is
     * taken as sent between its quotes (no unescaping: a backslash stays, as Netty's decoder kept it, so the
     * key rules can refuse it).
     */
    static PartHead parseHead(String block) throws Malformed {
        String disposition = null;
        String contentType = null;
        String[] lines = block.split("\r?\n");
        StringBuilder current = null;
        java.util.List<String> fields = new java.util.ArrayList<>();
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                current.append(' ').append(line.trim()); // obsolete line folding
                continue;
            }
            if (current != null) {
                fields.add(current.toString());
            }
            current = new StringBuilder(line);
        }
        if (current != null) {
            fields.add(current.toString());
        }
        for (String field : fields) {
            int colon = field.indexOf(':');
            if (colon <= 0) {
                throw new Malformed("a part header without a name");
            }
            String name = field.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = field.substring(colon + 1).trim();
            if (name.equals("content-disposition")) {
                disposition = value;
            } else if (name.equals("content-type")) {
                contentType = value;
            }
        }
        if (disposition == null) {
            throw new Malformed("a part without Content-Disposition");
        }
        java.util.List<String> params = splitParams(disposition);
        if (!params.get(0).trim().equalsIgnoreCase("form-data")) {
            throw new Malformed("a part that is not form-data");
        }
        String fieldName = null;
        String filename = null;
        String encoded = null;
        for (String param : params.subList(1, params.size())) {
            int eq = param.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = param.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = param.substring(eq + 1).trim();
            switch (key) {
                case "name" -> fieldName = unquote(value);
                case "filename" -> filename = unquote(value);
                case "filename*" -> encoded = value;
                default -> {
                }
            }
        }
        if (encoded != null) {
            filename = decodeExtended(encoded); // RFC 6266: filename* wins over filename
        }
        return new PartHead(fieldName, filename, contentType);
    }

    /** {@code charset'lang'percent-encoded} (RFC 5987). */
    private static String decodeExtended(String value) throws Malformed {
        String v = unquote(value);
        int first = v.indexOf('\'');
        int second = first < 0 ? -1 : v.indexOf('\'', first + 1);
        if (second < 0) {
            throw new Malformed("a filename* that is not charset'language'value");
        }
        try {
            Charset charset = Charset.forName(v.substring(0, first));
            return URLDecoder.decode(v.substring(second + 1).replace("+", "%2B"), charset);
        } catch (IllegalArgumentException e) {
            throw new Malformed("a filename* with an unknown charset or bad encoding");
        }
    }

    /** Splits header parameters on ';' outside quoted strings. */
    private static java.util.List<String> splitParams(String value) {
        java.util.List<String> out = new java.util.ArrayList<>();
        boolean quoted = false;
        boolean escaped = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ';') {
                out.add(value.substring(start, i));
                start = i + 1;
            }
        }
        out.add(value.substring(start));
        return out;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"' ? v.substring(1, v.length() - 1) : v;
    }

    /** Boyer-Moore-Horspool: the index in {@code a} of the first whole delimiter in [from, to), or -1. */
    private int indexOf(byte[] a, int from, int to) {
        byte[] d = delimiter;
        int last = d.length - 1;
        byte lastByte = d[last];
        int[] skip = shift;
        for (int i = from; i <= to - d.length;) {
            byte b = a[i + last];
            if (b == lastByte) {
                int j = last - 1;
                while (j >= 0 && a[i + j] == d[j]) {
                    j--;
                }
                if (j < 0) {
                    return i;
                }
            }
            i += skip[b & 0xff];
        }
        return -1;
    }

    /**
     * Length of the longest end of [from, to) that is a proper beginning of the delimiter (0 for most
     * buffers). Such an end starts with the delimiter's CR, which it holds only at its start.
     */
    private int delimiterPrefixAtEnd(byte[] a, int from, int to) {
        for (int k = Math.min(delimiter.length - 1, to - from); k > 0; k--) {
            if (a[to - k] == '\r' && Arrays.equals(a, to - k, to, delimiter, 0, k)) {
                return k;
            }
        }
        return 0;
    }
}

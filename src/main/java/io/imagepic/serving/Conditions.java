package io.imagepic.serving;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.MultiMap;

/**
 * The validators and range of a GET/HEAD (RFC 9110 §13, §14), evaluated by the service itself against
 * the object's ETag and Last-Modified: S3 servers differ (S3Proxy compares If-Modified-Since at
 * millisecond precision, drops Last-Modified from its 304s and sends no size with a 416).
 */
public record Conditions(String ifNoneMatch, ZonedDateTime ifModifiedSince, String range, String ifRange) {

    private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})", Pattern.CASE_INSENSITIVE);

    public static Conditions of(MultiMap headers, boolean get) {
        String range = get ? normalizedRange(headers.get("Range")) : null;
        return new Conditions(headers.get("If-None-Match"), httpDate(headers.get("If-Modified-Since")), range,
                range == null ? null : headers.get("If-Range"));
    }

    /** A validator needs the object's metadata before answering (at most one HEAD to the S3 server). */
    public boolean needMetadata() {
        return ifNoneMatch != null || ifModifiedSince != null || ifRange != null;
    }

    /** If-None-Match wins over If-Modified-Since; both compare weakly, dates to the second. */
    public boolean notModified(String etag, ZonedDateTime lastModified) {
        return notModified(etag, () -> lastModified);
    }

    /** As above, the date asked for only when a condition compares it. */
    public boolean notModified(String etag, Supplier<ZonedDateTime> lastModifiedDate) {
        if (ifNoneMatch != null) {
            if (ifNoneMatch.trim().equals("*")) {
                return true;
            }
            String mine = opaque(etag);
            for (String candidate : ifNoneMatch.split(",")) {
                if (mine != null && mine.equals(opaque(candidate))) {
                    return true;
                }
            }
            return false;
        }
        if (ifModifiedSince == null) {
            return false;
        }
        ZonedDateTime lastModified = lastModifiedDate.get();
        return lastModified != null && !lastModified.withNano(0).isAfter(ifModifiedSince);
    }

    /** If-Range: the range applies only to the representation the client already has a part of. */
    public String effectiveRange(String etag, ZonedDateTime lastModified) {
        return effectiveRange(etag, () -> lastModified);
    }

    /** As above, the date asked for only when If-Range holds one. */
    public String effectiveRange(String etag, Supplier<ZonedDateTime> lastModifiedDate) {
        if (range == null || ifRange == null) {
            return range;
        }
        String v = ifRange.trim();
        if (v.startsWith("\"")) { // strong comparison
            return etag != null && etag.equals(v) ? range : null;
        }
        ZonedDateTime date = httpDate(v);
        ZonedDateTime lastModified = date == null ? null : lastModifiedDate.get();
        return date != null && lastModified != null && lastModified.withNano(0).isEqual(date) ? range : null;
    }

    /**
     * A single byte range, as sent to the S3 server, or null to serve the whole image: RFC 9110 lets a
     * server ignore a Range it does not support (several ranges) or cannot parse.
     */
    static String normalizedRange(String header) {
        if (header == null) {
            return null;
        }
        Matcher m = SINGLE_RANGE.matcher(header.replace(" ", ""));
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null;
        }
        if (!m.group(1).isEmpty() && !m.group(2).isEmpty() && Long.parseLong(m.group(1)) > Long.parseLong(m.group(2))) {
            return null; // invalid, not unsatisfiable: ignored
        }
        return "bytes=" + m.group(1) + "-" + m.group(2);
    }

    /** True when the range cannot be served from an object of this size (answer 416). */
    static boolean unsatisfiable(String range, long size) {
        Matcher m = SINGLE_RANGE.matcher(range);
        if (!m.matches()) {
            return false;
        }
        if (m.group(1).isEmpty()) {
            return Long.parseLong(m.group(2)) == 0 || size == 0; // "-0" or a suffix of nothing
        }
        return Long.parseLong(m.group(1)) >= size;
    }

    /**
     * The first and last byte a satisfiable single range selects from an object of this size (a suffix longer
     * than the object selects all of it).
     */
    static long[] bounds(String range, long size) {
        Matcher m = SINGLE_RANGE.matcher(range);
        if (!m.matches()) {
            throw new IllegalArgumentException(range);
        }
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            return new long[] { Math.max(0, size - suffix), size - 1 };
        }
        long first = Long.parseLong(m.group(1));
        long last = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
        return new long[] { first, last };
    }

    private static String opaque(String etag) {
        if (etag == null) {
            return null;
        }
        String t = etag.trim();
        return t.startsWith("W/") ? t.substring(2) : t;
    }

    static ZonedDateTime httpDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        } catch (DateTimeParseException e) {
            return null; // RFC 9110: an invalid date is ignored
        }
    }
}

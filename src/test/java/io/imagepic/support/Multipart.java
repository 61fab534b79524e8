package io.imagepic.support;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Builds multipart/form-data bodies byte for byte, so tests control exactly how a file name is sent
 * (raw UTF-8 or RFC 5987 {@code filename*}) and can stream large or slow bodies.
 */
public final class Multipart {

    public static final String BOUNDARY = "----imagepic-test-boundary-7d93";

    private final List<InputStream> parts = new ArrayList<>();
    private long length;

    public static String contentType() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }

    /** A file part with {@code filename="..."} holding the raw UTF-8 name. */
    public Multipart file(String filename, byte[] bytes) {
        return file("file", "filename=\"" + filename + "\"", "application/octet-stream",
                new java.io.ByteArrayInputStream(bytes), bytes.length);
    }

    /** A file part with {@code filename*=UTF-8''...} (what RFC 6266 clients send for non-ASCII names). */
    public Multipart fileRfc5987(String filename, byte[] bytes) {
        String encoded = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
        return file("file", "filename*=UTF-8''" + encoded, "application/octet-stream", new java.io.ByteArrayInputStream(bytes),
                bytes.length);
    }

    public Multipart file(String filename, String contentType, byte[] bytes) {
        return file("file", "filename=\"" + filename + "\"", contentType, new java.io.ByteArrayInputStream(bytes),
                bytes.length);
    }

    public Multipart file(String field, String dispositionFilename, String contentType, InputStream content, long size) {
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; " + dispositionFilename
                + "\r\nContent-Type: " + contentType + "\r\n\r\n";
        add(head.getBytes(StandardCharsets.UTF_8));
        parts.add(content);
        length += size;
        add("\r\n".getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public Multipart field(String name, String value) {
        add(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        return this;
    }

    private void add(byte[] b) {
        parts.add(new java.io.ByteArrayInputStream(b));
        length += b.length;
    }

    /** The whole body as one stream (the closing boundary included). */
    public InputStream stream() {
        add(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    public byte[] bytes() {
        try (InputStream in = stream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Body length, valid after {@link #stream()} was built. */
    public long length() {
        return length;
    }
}

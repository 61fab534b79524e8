package io.imagepic.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

/**
 * The streaming multipart scanner, without HTTP: bodies split into buffers at every offset (so each delimiter,
 * CRLF and header is split every possible way), delimiter look-alikes in the data, preamble, epilogue,
 * padding, and every way a body can be malformed.
 */
class MultipartScannerTest {

    static final String B = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

    /** A part as the listener saw it. */
    static final class Part {
        final MultipartScanner.PartHead head;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean ended;

        Part(MultipartScanner.PartHead head) {
            this.head = head;
        }
    }

    static final class Recorder implements MultipartScanner.Listener {
        final List<Part> parts = new ArrayList<>();
        final List<Buffer> slices = new ArrayList<>();

        @Override
        public void partStarted(MultipartScanner.PartHead head) {
            if (!parts.isEmpty()) {
                assertTrue(parts.get(parts.size() - 1).ended, "the previous part ended first");
            }
            parts.add(new Part(head));
        }

        @Override
        public void partData(Buffer slice) {
            Part p = parts.get(parts.size() - 1);
            assertFalse(p.ended);
            assertTrue(slice.length() > 0, "no empty slices");
            p.bytes.writeBytes(slice.getBytes());
            slices.add(slice);
        }

        @Override
        public void partEnded() {
            Part p = parts.get(parts.size() - 1);
            assertFalse(p.ended);
            p.ended = true;
        }
    }

    // ---------------------------------------------------------------- bodies

    /** Bytes that look like a delimiter in every way but one. */
    static byte[] tricky() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
        write(out, "\r\n--" + B.substring(0, B.length() - 1) + "X"); // all but the last byte
        write(out, "--" + B + "\r\n"); // a boundary not preceded by CRLF is data
        write(out, "\r\r\n-\r\n--\r\n--" + B.substring(0, 5) + "\r");
        write(out, "\n\r\n");
        byte[] random = new byte[3000];
        new Random(3).nextBytes(random);
        out.writeBytes(random);
        write(out, "\r"); // the data ends with CR, right before the real delimiter
        return out.toByteArray();
    }

    static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] body(String preamble, String epilogue, byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, preamble);
        write(out, "--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n");
        out.writeBytes(first);
        write(out, "\r\n--" + B + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--" + B
                + " \t \r\ncontent-disposition: FORM-DATA; filename=\"b;c.jpg\"; name=file\r\n\r\n");
        out.writeBytes(second);
        write(out, "\r\n--" + B + "--");
        write(out, epilogue);
        return out.toByteArray();
    }

    static Recorder scan(byte[] body, int... cuts) throws MultipartScanner.Malformed {
        Recorder r = new Recorder();
        MultipartScanner s = new MultipartScanner(B, r);
        int from = 0;
        for (int cut : cuts) {
            s.feed(Buffer.buffer(java.util.Arrays.copyOfRange(body, from, cut)));
            from = cut;
        }
        s.feed(Buffer.buffer(java.util.Arrays.copyOfRange(body, from, body.length)));
        s.end();
        return r;
    }

    static void assertParts(Recorder r, byte[] first, byte[] second) {
        assertEquals(3, r.parts.size());
        Part a = r.parts.get(0);
        assertEquals("file", a.head.name());
        assertEquals("a.png", a.head.filename());
        assertEquals("image/png", a.head.contentType());
        assertArrayEquals(first, a.bytes.toByteArray());
        Part note = r.parts.get(1);
        assertEquals("note", note.head.name());
        assertNull(note.head.filename());
        assertEquals("hello", note.bytes.toString(StandardCharsets.UTF_8));
        Part b = r.parts.get(2);
        assertEquals("file", b.head.name());
        assertEquals("b;c.jpg", b.head.filename());
        assertNull(b.head.contentType());
        assertArrayEquals(second, b.bytes.toByteArray());
        r.parts.forEach(p -> assertTrue(p.ended));
    }

    // ---------------------------------------------------------------- tests

    @Test
    void splitAtEveryOffsetGivesTheSameParts() throws Exception {
        byte[] first = tricky();
        byte[] second = "GIF89a\r\n--".getBytes(StandardCharsets.US_ASCII);
        byte[] body = body("", "", first, second);
        assertParts(scan(body), first, second);
        for (int cut = 0; cut <= body.length; cut++) {
            assertParts(scan(body, cut), first, second);
        }
    }

    @Test
    void threeBuffersAroundEveryDelimiter() throws Exception {
        byte[] first = tricky();
        byte[] second = new byte[0];
        byte[] body = body("preamble\r\n", "\r\nepilogue --" + B + "\r\n", first, second);
        List<Integer> delimiters = new ArrayList<>();
        String text = new String(body, StandardCharsets.ISO_8859_1);
        for (int i = text.indexOf("--" + B); i >= 0; i = text.indexOf("--" + B, i + 1)) {
            delimiters.add(i);
        }
        for (int d : delimiters) {
            for (int i = Math.max(0, d - 4); i < Math.min(body.length, d + B.length() + 6); i++) {
                for (int j = i; j < Math.min(body.length, i + B.length() + 6); j++) {
                    assertParts(scan(body, i, j), first, second);
                }
            }
        }
    }

    @Test
    void oneByteAtATime() throws Exception {
        byte[] first = tricky();
        byte[] second = "x".getBytes(StandardCharsets.US_ASCII);
        byte[] body = body("ignored preamble\r\n", "and an epilogue", first, second);
        int[] cuts = new int[body.length - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        assertParts(scan(body, cuts), first, second);
    }

    @Test
    void bodyBytesAreSlicesOfTheIncomingBufferNotCopies() throws Exception {
        byte[] image = new byte[200_000];
        new Random(5).nextBytes(image);
        image[0] = 'x'; // not CR: no delimiter prefix at any cut below
        byte[] body = body("", "", image, new byte[] { 1 });
        byte[] whole = body.clone();
        Buffer in = Buffer.buffer(Unpooled.wrappedBuffer(whole));
        Recorder r = new Recorder();
        MultipartScanner s = new MultipartScanner(B, r);
        s.feed(in);
        s.end();
        assertParts(r, image, new byte[] { 1 });
        Buffer first = r.slices.get(0);
        assertEquals(image.length, first.length(), "the whole file in one slice");
        assertSame(whole, first.getByteBuf().array(), "a view of the request's bytes, not a copy");
    }

    @Test
    void aBoundaryRightAtTheStartAndNoHeadersButTheDisposition() throws Exception {
        String body = "--" + B + "\r\nContent-Disposition: form-data; name=file; filename=x.png\r\n\r\n\r\n--" + B + "--\r\n";
        Recorder r = scan(body.getBytes(StandardCharsets.US_ASCII));
        assertEquals(1, r.parts.size());
        assertEquals("x.png", r.parts.get(0).head.filename());
        assertEquals(0, r.parts.get(0).bytes.size(), "an empty file");
    }

    @Test
    void headerLinesMayEndWithABareLfAndBeFolded() throws Exception {
        String body = "--" + B
                + "\nContent-Disposition: form-data;\n name=\"file\"; filename=\"f.gif\"\nCONTENT-TYPE:  image/gif\n\nGIF\r\n--"
                + B + "--";
        // the delimiter line itself must end with CRLF (what every client sends); headers are lenient
        MultipartScanner.Malformed e = assertThrows(MultipartScanner.Malformed.class,
                () -> scan(body.getBytes(StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().contains("CRLF"), e.getMessage());
        String lenient = body.replaceFirst("\n", "\r\n");
        Recorder r = scan(lenient.getBytes(StandardCharsets.US_ASCII));
        assertEquals("f.gif", r.parts.get(0).head.filename());
        assertEquals("file", r.parts.get(0).head.name());
        assertEquals("image/gif", r.parts.get(0).head.contentType());
        assertEquals("GIF", r.parts.get(0).bytes.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void fileNamesAsBrowsersAndRfc5987ClientsSendThem() throws Exception {
        assertEquals("春节 海报 🎉.png", head("form-data; name=\"file\"; filename=\"春节 海报 🎉.png\"").filename());
        assertEquals("产品图 v2+😀.jpg", head("form-data; name=\"file\"; filename=\"fallback.jpg\"; "
                + "filename*=UTF-8''%E4%BA%A7%E5%93%81%E5%9B%BE%20v2+%F0%9F%98%80.jpg").filename());
        assertEquals("a\\b.png", head("form-data; name=\"file\"; filename=\"a\\b.png\"").filename(),
                "a backslash is kept, so the key rules refuse it");
        assertEquals("ctl\u0001.png", head("form-data; name=\"file\"; filename=\"ctl\u0001.png\"").filename());
        assertEquals("", head("form-data; name=\"file\"; filename=\"\"").filename());
        assertEquals("plain.png", head("form-data; name=file; filename=plain.png").filename());
        assertEquals("x\\\"y;z.png", head("form-data; name=\"file\"; filename=\"x\\\"y;z.png\"").filename(),
                "an escaped quote does not end the name, and stays as sent");
        assertNull(head("form-data; name=\"field\"").filename());
    }

    @Test
    void boundaryParameter() {
        assertEquals(B, MultipartScanner.boundary("multipart/form-data; boundary=" + B));
        assertEquals("a b", MultipartScanner.boundary("multipart/form-data; charset=utf-8; BOUNDARY=\"a b\""));
        assertEquals("x", MultipartScanner.boundary("multipart/form-data;boundary=x"));
        assertNull(MultipartScanner.boundary("multipart/form-data"));
        assertNull(MultipartScanner.boundary("multipart/form-data; boundary="));
        assertNull(MultipartScanner.boundary("multipart/form-data; boundary=\"\""));
        assertNull(MultipartScanner.boundary("multipart/form-data; boundary=" + "x".repeat(71)));
        assertNull(MultipartScanner.boundary("multipart/form-data; boundary=\"a\rb\""));
        assertNull(MultipartScanner.boundary(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", // nothing at all
            "no boundary anywhere",
            "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nnever ends",
            "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n", // ends in the headers
            "--BX\r\n", // a boundary followed by something else
            "--B-x", // a single dash
            "--B \tx\r\n", // padding, then garbage
            "--B\rx", // CR without LF
            "--B\r\nContent-Type: image/png\r\n\r\ndata\r\n--B--", // no Content-Disposition
            "--B\r\nContent-Disposition: attachment; filename=\"a.png\"\r\n\r\ndata\r\n--B--", // not form-data
            "--B\r\nno colon here\r\n\r\ndata\r\n--B--",
            "--B\r\nContent-Disposition: form-data; name=file; filename*=UTF-8%E4\r\n\r\nx\r\n--B--", // no quotes
            "--B\r\nContent-Disposition: form-data; name=file; filename*=NO-SUCH-CHARSET''x\r\n\r\nx\r\n--B--",
            "--B\r\nContent-Disposition: form-data; name=file; filename*=UTF-8''%E4%ZZ\r\n\r\nx\r\n--B--",
            "--B\r\n\r\ndata\r\n--B--", // a part without any header
    })
    void malformedBodiesAreRefused(String template) {
        byte[] body = template.replace("B", "bnd").getBytes(StandardCharsets.UTF_8);
        assertThrows(MultipartScanner.Malformed.class, () -> {
            MultipartScanner s = new MultipartScanner("bnd", new Recorder());
            s.feed(Buffer.buffer(body));
            s.end();
        });
        for (int cut = 0; cut <= body.length; cut++) { // wherever the body is split
            int at = cut;
            assertThrows(MultipartScanner.Malformed.class, () -> {
                MultipartScanner s = new MultipartScanner("bnd", new Recorder());
                s.feed(Buffer.buffer(java.util.Arrays.copyOfRange(body, 0, at)));
                s.feed(Buffer.buffer(java.util.Arrays.copyOfRange(body, at, body.length)));
                s.end();
            });
        }
    }

    /** A file is complete only once the line of the delimiter after it is valid: else it fails with the body. */
    @Test
    void aPartEndsOnlyWhenTheDelimiterLineAfterItIsValid() throws Exception {
        String head = "--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\ndata\r\n--" + B;
        for (String tail : new String[] { "X\r\n", " \tX", "\rX", "-X" }) {
            Recorder r = new Recorder();
            MultipartScanner s = new MultipartScanner(B, r);
            s.feed(Buffer.buffer(head));
            assertFalse(r.parts.get(0).ended, "undecided until the delimiter line is read");
            assertThrows(MultipartScanner.Malformed.class, () -> s.feed(Buffer.buffer(tail)));
            assertFalse(r.parts.get(0).ended, tail);
        }
        Recorder r = new Recorder();
        MultipartScanner s = new MultipartScanner(B, r);
        s.feed(Buffer.buffer(head + " \r"));
        assertFalse(r.parts.get(0).ended);
        s.feed(Buffer.buffer("\n"));
        assertTrue(r.parts.get(0).ended, "padding and CRLF: the next part's headers follow");
    }

    @Test
    void hugePartHeadersAreRefusedWithoutGrowingPastTheCap() {
        String huge = "--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + "x".repeat(20_000)
                + ".png\"\r\n\r\ndata\r\n--" + B + "--";
        MultipartScanner.Malformed e = assertThrows(MultipartScanner.Malformed.class,
                () -> scan(huge.getBytes(StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
        // a header line that never ends is refused as soon as it passes the cap, not at the end of the body
        MultipartScanner s = new MultipartScanner(B, new Recorder());
        assertThrows(MultipartScanner.Malformed.class, () -> {
            s.feed(Buffer.buffer(("--" + B + "\r\nX-Filler: ").getBytes(StandardCharsets.US_ASCII)));
            for (int i = 0; i < 100; i++) {
                s.feed(Buffer.buffer(new byte[1024]));
            }
        });
    }

    @Test
    void tooManyPartsAreRefused() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            b.append("--").append(B).append("\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\nv\r\n");
        }
        b.append("--").append(B).append("--");
        byte[] body = b.toString().getBytes(StandardCharsets.US_ASCII);
        MultipartScanner ok = new MultipartScanner(B, new Recorder(), 1024, 5);
        ok.feed(Buffer.buffer(body));
        ok.end();
        MultipartScanner over = new MultipartScanner(B, new Recorder(), 1024, 4);
        assertThrows(MultipartScanner.Malformed.class, () -> over.feed(Buffer.buffer(body)));
    }

    /** RFC 2046: a boundary counts only at the start of a line; one inside the preamble's last line does not. */
    @Test
    void aBoundaryMidLineIsNotADelimiter() throws Exception {
        byte[] body = body("preamble without a line end", "", new byte[] { 'a' }, new byte[] { 'b' });
        Recorder r = scan(body);
        assertEquals(2, r.parts.size(), "the first part's boundary followed text on its line");
    }

    @Test
    void theEpilogueIsIgnoredWhateverItHolds() throws Exception {
        byte[] first = { 'a' };
        byte[] body = body("",
                "\r\n--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"late.png\"\r\n\r\nx",
                first, new byte[] { 'b' });
        Recorder r = scan(body);
        assertEquals(3, r.parts.size(), "nothing after the closing boundary is a part");
    }

    private static MultipartScanner.PartHead head(String disposition) throws MultipartScanner.Malformed {
        return MultipartScanner.parseHead("Content-Disposition: " + disposition + "\r\n\r\n");
    }
}

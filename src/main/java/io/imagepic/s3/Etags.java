package io.imagepic.s3;

/** S3 answers ETags quoted; the seed's answers (and ours) show them bare. */
public final class Etags {

    private Etags() {
    }

    /** {@code "abc"} -> {@code abc}; anything not wrapped in quotes (or null) as it is. */
    public static String unquote(String etag) {
        return etag != null && etag.length() > 1 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1)
                : etag;
    }

    /** {@code abc} -> {@code "abc"}, as conditional headers carry it; a quoted one as it is. */
    public static String quote(String etag) {
        return etag == null || (etag.length() > 1 && etag.startsWith("\"") && etag.endsWith("\"")) ? etag
                : "\"" + etag + "\"";
    }
}

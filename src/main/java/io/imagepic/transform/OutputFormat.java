package io.imagepic.transform;

import java.util.Locale;

/** What a derivative is encoded as ({@code fm}). */
public enum OutputFormat {
    JPEG("jpg", "image/jpeg"),
    PNG("png", "image/png"),
    WEBP("webp", "image/webp"),
    AVIF("avif", "image/avif");

    private final String param;
    private final String mediaType;

    OutputFormat(String param, String mediaType) {
        this.param = param;
        this.mediaType = mediaType;
    }

    /** As {@code fm} names it: jpg, png, webp, avif. */
    public String param() {
        return param;
    }

    public String mediaType() {
        return mediaType;
    }

    /** {@code fm}'s value; {@code jpeg} is taken for {@code jpg} as imgix does. Null when unknown. */
    static OutputFormat ofParam(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        for (OutputFormat f : values()) {
            if (f.param.equals(v)) {
                return f;
            }
        }
        return "jpeg".equals(v) ? JPEG : null;
    }
}

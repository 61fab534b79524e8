package io.imagepic.transform;

import java.util.Locale;

/** How {@code w} and {@code h} bound the output ({@code fit}), with imgix's names. */
public enum Fit {
    /** Inside w×h, aspect ratio kept; scaled up when smaller (imgix's default). */
    CLIP,
    /** Fills w×h, aspect ratio kept, the excess cut off around the centre. */
    CROP,
    /** As clip, but never larger than the original. */
    MAX;

    public String param() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Fit ofParam(String value) {
        for (Fit f : values()) {
            if (f.param().equals(value.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        return null;
    }
}

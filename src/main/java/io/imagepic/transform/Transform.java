package io.imagepic.transform;

/**
 * One derivative, fully resolved: pixels after {@code dpr}, the preset expanded, {@code auto=format} decided
 * by the request's Accept. Two requests that resolve to the same transform share one cached derivative.
 *
 * @param width output bound in pixels, 0 when not given
 * @param height output bound in pixels, 0 when not given
 * @param format the encoding, null to keep the source's (a browser-safe one: HEIC becomes JPEG, GIF PNG)
 * @param quality 1..100, 0 for the format's default
 */
public record Transform(int width, int height, Fit fit, OutputFormat format, int quality) {

    /** Its part of a derivative's key, e.g. {@code w256-h256-crop-webp-q0}: stable, readable, no '/'. */
    public String name() {
        return "w" + width + "-h" + height + "-" + fit.param() + "-" + (format == null ? "src" : format.param()) + "-q"
                + quality;
    }
}

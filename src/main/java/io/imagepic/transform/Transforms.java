package io.imagepic.transform;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.inject.Singleton;

import io.imagepic.web.ApiError;
import io.quarkus.runtime.Startup;

/**
 * What a request asks for: its parameters read and checked ({@link TransformParams}), a preset expanded, dpr
 * applied, {@code auto=format} decided by Accept ({@link #resolve}), and whether an unsigned request to a
 * public-read bucket may ask it ({@link #allowedUnsigned}). Presets are checked at start: a bad one stops it.
 */
@Startup
@Singleton
public class Transforms {

    private final TransformConfig config;
    private final Map<String, TransformParams> presets = new TreeMap<>();
    private final Set<Integer> publicSizes;

    Transforms(TransformConfig config) {
        this.config = config;
        config.effectivePresets().forEach((name, query) -> presets.put(name, TransformParams.parsePreset(name, query)));
        this.publicSizes = new TreeSet<>(config.publicSizes());
    }

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * The transform parameters of a query ({@link TransformParams#NONE} when there are none: the original is
     * served). 400 for an unknown name or value, an unknown preset, or any parameter while transforms are off.
     */
    public TransformParams parse(Map<String, List<String>> query) {
        TransformParams p = TransformParams.parse(query);
        if (p.isEmpty()) {
            return p;
        }
        if (!config.enabled()) {
            throw ApiError.badRequest(TransformMsg.DISABLED);
        }
        if (p.preset() != null && !presets.containsKey(p.preset())) {
            throw ApiError.badRequest(TransformMsg.UNKNOWN_PRESET, p.preset());
        }
        return p;
    }

    /**
     * Transform parameters given as a query string ({@code w=256&fm=webp}, the signedUrl body's {@code transform}):
     * the same rules as on the image route; {@code expires} and {@code signature} are not transform parameters.
     */
    public TransformParams parseQuery(String query) {
        Map<String, List<String>> params = TransformParams.split(query);
        for (String name : params.keySet()) {
            if (TransformParams.LINK_PARAMS.contains(name)) {
                throw ApiError.badRequest(TransformMsg.UNKNOWN_PARAM, name);
            }
        }
        return parse(params);
    }

    /** The derivative these parameters name for a client that accepts {@code accept} (the Accept header, or null). */
    public Transform resolve(TransformParams asked, String accept) {
        TransformParams p = asked.preset() == null ? asked : asked.over(presets.get(asked.preset()));
        int width = p.pixels(p.w(), "w");
        int height = p.pixels(p.h(), "h");
        OutputFormat format = p.fm();
        if (p.autoFormat() && accept != null) {
            if (accept.contains("image/avif")) {
                format = OutputFormat.AVIF;
            } else if (accept.contains("image/webp")) {
                format = OutputFormat.WEBP;
            }
        }
        return new Transform(width, height, p.fit() == null ? Fit.CLIP : p.fit(), format, p.q() == null ? 0 : p.q());
    }

    /**
     * An unsigned request to a public-read bucket: presets at their own size, and widths and heights (after dpr)
     * of the allow-list; everything else about the output is free.
     */
    public boolean allowedUnsigned(TransformParams asked, Transform resolved) {
        if (!asked.namesSize()) {
            return true;
        }
        return (resolved.width() == 0 || publicSizes.contains(resolved.width()))
                && (resolved.height() == 0 || publicSizes.contains(resolved.height()));
    }

    /** The sizes an unsigned request may name, for the refusal's reason. */
    public Set<Integer> publicSizes() {
        return publicSizes;
    }

    /** The presets by name, as configured (the console reads thumb and view). */
    public Map<String, String> presetQueries() {
        Map<String, String> out = new TreeMap<>();
        presets.forEach((k, v) -> out.put(k, v.canonical()));
        return out;
    }
}

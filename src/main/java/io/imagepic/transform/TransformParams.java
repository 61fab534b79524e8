package io.imagepic.transform;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import io.imagepic.web.ApiError;

/**
 * The transform parameters of one request, as asked ({@code w h fit fm q dpr auto preset}, imgix's names),
 * checked one by one. {@link #canonical()} is what a signed link signs: the same parameters in one order and
 * one spelling, so any change to them breaks the signature.
 */
public record TransformParams(Integer w, Integer h, Fit fit, OutputFormat fm, Integer q, BigDecimal dpr,
        boolean autoFormat, String preset) {

    public static final int MAX_SIDE = 8192;
    /** The order of {@link #canonical()}. */
    static final List<String> NAMES = List.of("w", "h", "fit", "fm", "q", "dpr", "auto", "preset");
    /** The image route's own parameters (signed links), which are not transform parameters. */
    public static final Set<String> LINK_PARAMS = Set.of("expires", "kid", "signature");

    public static final TransformParams NONE = new TransformParams(null, null, null, null, null, null, false, null);

    public boolean isEmpty() {
        return equals(NONE);
    }

    /**
     * Reads the parameters of a query (names and values decoded); the link's own ({@code expires},
     * {@code kid}, {@code signature}) are skipped. 400 on any other name, a repeated one, or a value out of range.
     */
    public static TransformParams parse(Map<String, List<String>> query) {
        Map<String, String> given = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            String name = e.getKey();
            if (LINK_PARAMS.contains(name)) {
                continue;
            }
            if (!NAMES.contains(name)) {
                throw ApiError.badRequest(TransformMsg.UNKNOWN_PARAM, name);
            }
            if (e.getValue().size() != 1) {
                throw ApiError.badRequest(TransformMsg.REPEATED_PARAM, name);
            }
            given.put(name, e.getValue().get(0).trim());
        }
        return of(given);
    }

    /** A preset's value, {@code w=256&h=256&fit=crop}: the same rules, no link parameters, no nested preset. */
    static TransformParams parsePreset(String name, String query) {
        Map<String, List<String>> params = split(query);
        TransformParams p;
        try {
            p = parse(params);
        } catch (ApiError e) {
            throw new IllegalStateException("imagepic.transform.presets." + name + " is not valid: " + e.getMessage(), e);
        }
        if (p.preset() != null || params.keySet().stream().anyMatch(LINK_PARAMS::contains)) {
            throw new IllegalStateException("imagepic.transform.presets." + name + " may not name a preset or a signature");
        }
        return p;
    }

    /** A query string's parameters, decoded, in order; a leading '?' is ignored. */
    static Map<String, List<String>> split(String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        String q = query.startsWith("?") ? query.substring(1) : query;
        for (String pair : q.split("&")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8).trim();
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(k, x -> new java.util.ArrayList<>()).add(v);
        }
        return params;
    }

    private static TransformParams of(Map<String, String> given) {
        Integer w = side(given, "w");
        Integer h = side(given, "h");
        Fit fit = null;
        if (given.containsKey("fit")) {
            fit = Fit.ofParam(given.get("fit"));
            if (fit == null) {
                throw ApiError.badRequest(TransformMsg.BAD_FIT);
            }
        }
        OutputFormat fm = null;
        if (given.containsKey("fm")) {
            fm = OutputFormat.ofParam(given.get("fm"));
            if (fm == null) {
                throw ApiError.badRequest(TransformMsg.BAD_FORMAT);
            }
        }
        Integer q = null;
        if (given.containsKey("q")) {
            q = number(given.get("q"), 1, 100);
            if (q == null) {
                throw ApiError.badRequest(TransformMsg.BAD_QUALITY);
            }
        }
        BigDecimal dpr = null;
        if (given.containsKey("dpr")) {
            dpr = dpr(given.get("dpr"));
        }
        boolean auto = false;
        if (given.containsKey("auto")) {
            // imgix takes a comma-separated list; only format is supported here
            for (String a : given.get("auto").split(",")) {
                if (!a.trim().equalsIgnoreCase("format")) {
                    throw ApiError.badRequest(TransformMsg.BAD_AUTO);
                }
            }
            auto = true;
        }
        String preset = given.get("preset");
        if (preset != null && preset.isEmpty()) {
            throw ApiError.badRequest(TransformMsg.UNKNOWN_PRESET, "\"\"");
        }
        return new TransformParams(w, h, fit, fm, q, dpr, auto, preset);
    }

    private static Integer side(Map<String, String> given, String name) {
        if (!given.containsKey(name)) {
            return null;
        }
        Integer v = number(given.get(name), 1, MAX_SIDE);
        if (v == null) {
            throw ApiError.badRequest(TransformMsg.BAD_SIZE, name);
        }
        return v;
    }

    /** A plain decimal number in [min, max] (no sign, no exponent, at most 5 digits), else null. */
    private static Integer number(String s, int min, int max) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        int v = Integer.parseInt(s);
        return v < min || v > max ? null : v;
    }

    private static BigDecimal dpr(String s) {
        if (!s.matches("\\d{1}(\\.\\d{1,2})?")) {
            throw ApiError.badRequest(TransformMsg.BAD_DPR);
        }
        BigDecimal d = new BigDecimal(s);
        if (d.compareTo(BigDecimal.ONE) < 0 || d.compareTo(BigDecimal.valueOf(3)) > 0) {
            throw ApiError.badRequest(TransformMsg.BAD_DPR);
        }
        return d.stripTrailingZeros();
    }

    /** These parameters, each given one overriding the preset's (a preset's own values are {@code base}). */
    TransformParams over(TransformParams base) {
        return new TransformParams(w != null ? w : base.w, h != null ? h : base.h, fit != null ? fit : base.fit,
                fm != null ? fm : base.fm, q != null ? q : base.q, dpr != null ? dpr : base.dpr,
                autoFormat || base.autoFormat, preset);
    }

    /** Whether this request names its own size ({@code w}, {@code h} or {@code dpr}) rather than a preset's. */
    public boolean namesSize() {
        return w != null || h != null || dpr != null;
    }

    /** {@code w=256&fm=webp}: the given parameters in a fixed order and spelling; "" when none. */
    public String canonical() {
        StringJoiner j = new StringJoiner("&");
        if (w != null) {
            j.add("w=" + w);
        }
        if (h != null) {
            j.add("h=" + h);
        }
        if (fit != null) {
            j.add("fit=" + fit.param());
        }
        if (fm != null) {
            j.add("fm=" + fm.param());
        }
        if (q != null) {
            j.add("q=" + q);
        }
        if (dpr != null) {
            j.add("dpr=" + dpr.toPlainString());
        }
        if (autoFormat) {
            j.add("auto=format");
        }
        if (preset != null) {
            j.add("preset=" + java.net.URLEncoder.encode(preset, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return j.toString();
    }

    /** A side after dpr, rounded as imgix does; 0 when not given. 400 past {@link #MAX_SIDE}. */
    int pixels(Integer side, String name) {
        if (side == null) {
            return 0;
        }
        int v = dpr == null ? side : new BigDecimal(side).multiply(dpr).setScale(0, RoundingMode.HALF_UP).intValueExact();
        if (v > MAX_SIDE) {
            throw ApiError.badRequest(TransformMsg.SIZE_AFTER_DPR, name);
        }
        return v;
    }
}

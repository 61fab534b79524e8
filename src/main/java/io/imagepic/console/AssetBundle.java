package io.imagepic.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The console's files, each published under a name that carries a hash of its content
 * ({@code /console/upload-page.3f9c0a1b2d.js}), so browsers may keep them for a year: a changed file is a new
 * name. Built once at start from the entry page: {@code {{name}}} placeholders in {@code index.html} and the
 * {@code './name.js'} module specifiers of the scripts are followed and rewritten to the published names. A
 * module's name hashes its rewritten text, which holds the names of its imports, so a change anywhere
 * renames every module that leads to it. No build tool: the files in {@code resources/console} are served as
 * written.
 */
final class AssetBundle {

    static final String PREFIX = "/console/";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(js|css|svg)");
    /** A placeholder in the page: {{main.js}}, or {{modulepreload}} for the entry modules' static imports. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]+)}}");
    /** A relative module specifier; group 1 is set for a dynamic import(). */
    private static final Pattern SPECIFIER = Pattern.compile("(import\\(\\s*)?(['\"])\\./([a-z0-9][a-z0-9-]*\\.js)\\2");

    /** A published file; {@code gzip} is null when compressing would not make it smaller. */
    record Asset(String path, String contentType, byte[] body, byte[] gzip, String etag) {

        String etag(boolean gzipped) {
            return gzipped ? etag.substring(0, etag.length() - 1) + "-gz\"" : etag;
        }
    }

    private final Function<String, byte[]> source;
    private final Map<String, Asset> byName = new LinkedHashMap<>();
    private final Map<String, Set<String>> staticImports = new LinkedHashMap<>();
    private final Set<String> visiting = new HashSet<>();
    private final Map<String, Asset> byPath = new LinkedHashMap<>();
    private final Asset index;

    /**
     * @param source the bytes of {@code console/<name>}, or null when there is no such file
     * @throws IllegalStateException for a missing file, a bad name or an import cycle (the start fails)
     */
    AssetBundle(Function<String, byte[]> source, String indexName) {
        this.source = source;
        String template = new String(read(indexName), StandardCharsets.UTF_8);
        Set<String> entries = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!m.group(1).equals("modulepreload")) {
                publish(m.group(1));
                entries.add(m.group(1));
            }
        }
        StringBuilder html = new StringBuilder();
        m.reset();
        while (m.find()) {
            String replacement = m.group(1).equals("modulepreload") ? preloads(entries) : byName.get(m.group(1)).path();
            m.appendReplacement(html, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(html);
        this.index = asset("/", "text/html; charset=utf-8", html.toString().getBytes(StandardCharsets.UTF_8));
        byName.values().forEach(a -> byPath.put(a.path(), a));
    }

    Asset index() {
        return index;
    }

    Optional<Asset> at(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** The published path of a source file, e.g. {@code main.js} -> {@code /console/main.0a1b2c3d4e.js}. */
    String pathOf(String name) {
        Asset a = byName.get(name);
        if (a == null) {
            throw new IllegalArgumentException("not published: " + name);
        }
        return a.path();
    }

    Map<String, Asset> assets() {
        return Map.copyOf(byPath);
    }

    private Asset publish(String name) {
        Asset done = byName.get(name);
        if (done != null) {
            return done;
        }
        Matcher n = NAME.matcher(name);
        if (!n.matches()) {
            throw new IllegalStateException("console asset names are lower-case a-z0-9- with .js, .css or .svg: " + name);
        }
        if (!visiting.add(name)) {
            throw new IllegalStateException("import cycle through console/" + name);
        }
        byte[] bytes = read(name);
        String ext = n.group(1);
        if (ext.equals("js")) {
            bytes = rewriteImports(name, new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }
        String base = name.substring(0, name.length() - ext.length() - 1);
        String hash = HexFormat.of().formatHex(sha256(bytes), 0, 5);
        Asset asset = asset(PREFIX + base + "." + hash + "." + ext, contentType(ext), bytes);
        visiting.remove(name);
        byName.put(name, asset);
        return asset;
    }

    private String rewriteImports(String name, String js) {
        Set<String> imports = new LinkedHashSet<>();
        StringBuilder out = new StringBuilder();
        Matcher m = SPECIFIER.matcher(js);
        while (m.find()) {
            String target = m.group(3);
            String path = publish(target).path();
            if (m.group(1) == null) {
                imports.add(target);
            }
            String prefix = m.group(1) == null ? "" : m.group(1);
            m.appendReplacement(out, Matcher.quoteReplacement(prefix + m.group(2) + path + m.group(2)));
        }
        m.appendTail(out);
        staticImports.put(name, imports);
        return out.toString();
    }

    /** Link tags for every module the entry modules import statically, so the browser fetches them at once. */
    private String preloads(Set<String> entries) {
        Set<String> all = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>();
        entries.stream().filter(e -> e.endsWith(".js")).forEach(e -> todo.addAll(staticImports.getOrDefault(e, Set.of())));
        while (!todo.isEmpty()) {
            String next = todo.remove(0);
            if (all.add(next)) {
                todo.addAll(staticImports.getOrDefault(next, Set.of()));
            }
        }
        StringBuilder links = new StringBuilder();
        for (String name : all) {
            links.append(links.isEmpty() ? "" : "\n").append("<link rel=\"modulepreload\" href=\"")
                    .append(byName.get(name).path()).append("\">");
        }
        return links.toString();
    }

    private byte[] read(String name) {
        byte[] bytes = source.apply(name);
        if (bytes == null) {
            throw new IllegalStateException("console/" + name + " is referenced but missing");
        }
        return bytes;
    }

    private static Asset asset(String path, String contentType, byte[] body) {
        byte[] gzip = gzip(body);
        return new Asset(path, contentType, body, gzip.length < body.length ? gzip : null,
                "\"" + HexFormat.of().formatHex(sha256(body), 0, 8) + "\"");
    }

    static String contentType(String ext) {
        return switch (ext) {
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            default -> throw new IllegalArgumentException(ext);
        };
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

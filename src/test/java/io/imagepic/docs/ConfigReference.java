package io.imagepic.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The operators' configuration reference, generated from the one place settings are defined: the
 * {@code @ConfigMapping} interfaces under src/main/java (key, default from {@code @WithDefault}, meaning from
 * the javadoc). {@link ConfigReferenceTest} keeps docs/operations.md equal to it.
 */
public final class ConfigReference {

    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)");
    private static final Pattern MEMBER = Pattern.compile(
            "(/\\*\\*(?<doc>(?:(?!\\*/).)*?)\\*/\\s*)?(?<annotations>(@\\w+(\\((?:\"(?:[^\"\\\\]|\\\\.)*\"|[^)\"])*\\))?\\s*)*)"
                    + "(?<type>[\\w.<>, ?]+?)\\s+(?<name>\\w+)\\(\\);",
            Pattern.DOTALL);
    private static final Pattern NESTED = Pattern.compile("\\n(\\s*)(interface|enum) (\\w+) \\{");

    public record Setting(String key, String defaultValue, String meaning) {
    }

    private ConfigReference() {
    }

    /** Every setting of every mapping, sorted by key. */
    public static List<Setting> settings(Path sources) {
        Map<String, Setting> all = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String text = Files.readString(f);
                Matcher m = MAPPING.matcher(text);
                if (m.find()) {
                    String body = text.substring(text.indexOf('{', m.end()) + 1);
                    collect(m.group(1), body, text, all);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(all.values());
    }

    /** The markdown table. */
    public static String table(List<Setting> settings) {
        StringBuilder sb = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
        for (Setting s : settings) {
            sb.append("| `").append(s.key()).append("` | ")
                    .append(s.defaultValue() == null ? "" : "`" + s.defaultValue().replace("|", "\\|") + "`")
                    .append(" | ").append(s.meaning().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    private static void collect(String prefix, String body, String file, Map<String, Setting> out) {
        String own = withoutNestedTypes(body);
        Matcher m = MEMBER.matcher(own);
        while (m.find()) {
            String annotations = m.group("annotations");
            String name = value(annotations, "WithName");
            String key = prefix + "." + (name != null ? name : kebab(m.group("name")));
            String type = m.group("type").trim();
            String nested = nestedBody(file, type);
            if (nested != null && !nested.isBlank() && isInterface(file, type)) {
                collect(key, nested, file, out); // a group of settings
                continue;
            }
            if (type.startsWith("Map<")) {
                key += ".<name>";
            }
            String meaning = doc(m.group("doc"));
            if (isEnum(file, type)) {
                meaning += (meaning.isEmpty() ? "" : " ") + "One of: " + enumValues(file, type) + ".";
            }
            out.put(key, new Setting(key, value(annotations, "WithDefault"), meaning));
        }
    }

    /** The interface's own members: nested interfaces and enums cut out (braces in strings and comments skipped). */
    private static String withoutNestedTypes(String body) {
        StringBuilder own = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < body.length(); i++) {
            int skip = literalOrComment(body, i);
            if (skip > i) {
                if (depth == 0) {
                    own.append(body, i, skip);
                }
                i = skip - 1;
                continue;
            }
            char c = body.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    break; // end of the interface
                }
                if (--depth == 0) {
                    // drop the header of the nested type just closed
                    int header = Math.max(own.lastIndexOf("interface "), own.lastIndexOf("enum "));
                    if (header >= 0) {
                        own.setLength(header);
                    }
                }
            } else if (depth == 0) {
                own.append(c);
            }
        }
        return own.toString();
    }

    /** Where a string literal or a comment starting at i ends (exclusive); i when none starts there. */
    private static int literalOrComment(String s, int i) {
        if (s.startsWith("/*", i)) {
            int end = s.indexOf("*/", i + 2);
            return end < 0 ? s.length() : end + 2;
        }
        if (s.startsWith("//", i)) {
            int end = s.indexOf('\n', i);
            return end < 0 ? s.length() : end;
        }
        if (s.charAt(i) == '"') {
            for (int j = i + 1; j < s.length(); j++) {
                if (s.charAt(j) == '\\') {
                    j++;
                } else if (s.charAt(j) == '"') {
                    return j + 1;
                }
            }
        }
        return i;
    }

    private static String nestedBody(String file, String type) {
        Matcher n = NESTED.matcher(file);
        while (n.find()) {
            if (n.group(3).equals(type)) {
                int start = n.end();
                int depth = 1;
                for (int i = start; i < file.length(); i++) {
                    int skip = literalOrComment(file, i);
                    if (skip > i) {
                        i = skip - 1;
                    } else if (file.charAt(i) == '{') {
                        depth++;
                    } else if (file.charAt(i) == '}' && --depth == 0) {
                        return file.substring(start, i) + "}";
                    }
                }
            }
        }
        return null;
    }

    private static boolean isInterface(String file, String type) {
        return file.contains("interface " + type + " {");
    }

    private static boolean isEnum(String file, String type) {
        return file.contains("enum " + type + " {");
    }

    private static String enumValues(String file, String type) {
        String body = nestedBody(file, type);
        List<String> values = new ArrayList<>();
        for (String part : body.replaceAll("/\\*\\*.*?\\*/", "").split("[;}]")[0].split(",")) {
            String v = part.replaceAll("\\(.*", "").trim();
            if (!v.isEmpty()) {
                values.add("`" + v.toLowerCase().replace('_', '-') + "`");
            }
        }
        return String.join(", ", values);
    }

    private static String value(String annotations, String annotation) {
        Matcher m = Pattern.compile("@" + annotation + "\\(\"((?:[^\"\\\\]|\\\\.)*)\"\\)").matcher(annotations);
        return m.find() ? m.group(1).replace("\\\\", "\\") : null;
    }

    private static String doc(String javadoc) {
        if (javadoc == null) {
            return "";
        }
        return javadoc.replaceAll("(?m)^\\s*\\*", " ").replaceAll("\\{@(code|link) ([^}]*)}", "`$2`")
                .replaceAll("<[^>]+>", "").replaceAll("\\s+", " ").trim();
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}

package io.imagepic.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Both languages say everything the pages ask for, with the same placeholders, and nothing unused. */
class ConsoleTextsTest {

    static final Path DIR = Path.of("src/main/resources/console");
    static final Pattern ENTRY = Pattern.compile("'([a-z]+\\.[^']+)':\\s*(['\"])((?:\\\\.|(?!\\2).)*)\\2");
    /** t('key'), route titles and error keys written as string literals. */
    static final Pattern USED = Pattern.compile("\\bt\\('([^'$]+)'|'((?:nav|err)\\.[A-Za-z]+)'");
    /** Keys built at run time: t(`live.${state}`) and the like. */
    static final Pattern FAMILY = Pattern.compile("\\bt\\(`([a-z.]+)\\$\\{");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    @Test
    void bothLanguagesHaveEveryTextWithTheSamePlaceholders() throws IOException {
        Map<String, String> zh = texts("text-zh.js");
        Map<String, String> en = texts("text-en.js");
        Set<String> onlyEnglish = new TreeSet<>(en.keySet());
        onlyEnglish.removeAll(zh.keySet());
        Set<String> onlyChinese = new TreeSet<>(zh.keySet());
        onlyChinese.removeAll(en.keySet());
        assertEquals(Set.of(), onlyEnglish, "texts without a Chinese version");
        assertEquals(Set.of(), onlyChinese, "texts without an English version");
        for (String key : en.keySet()) {
            assertEquals(placeholders(en.get(key)), placeholders(zh.get(key)), "placeholders of " + key);
        }

        Set<String> used = new TreeSet<>();
        Set<String> families = new TreeSet<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js") && !f.getFileName().toString().startsWith("text-"))
                    .toList()) {
                String js = Files.readString(file);
                Matcher m = USED.matcher(js);
                while (m.find()) {
                    used.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
                Matcher f = FAMILY.matcher(js);
                while (f.find()) {
                    families.add(f.group(1));
                }
            }
        }
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(en.keySet());
        assertEquals(Set.of(), missing, "texts the pages use but no language has");
        Set<String> unused = new TreeSet<>(en.keySet());
        unused.removeAll(used);
        unused.removeIf(k -> families.stream().anyMatch(k::startsWith));
        assertEquals(Set.of(), unused, "texts nothing uses");
        assertTrue(families.containsAll(Set.of("live.", "activity.type.", "tokens.scope.", "webhooks.")), families.toString());
    }

    private static Map<String, String> texts(String file) throws IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(Files.readString(DIR.resolve(file)));
        while (m.find()) {
            assertEquals(null, texts.put(m.group(1), m.group(3)), "duplicate key " + m.group(1) + " in " + file);
        }
        assertTrue(texts.size() > 100, file);
        return texts;
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}

package io.imagepic.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * docs/operations.md lists every setting as the @ConfigMapping interfaces define it, so the operators'
 * reference cannot drift from the code. After changing a setting, regenerate it with
 * {@code mvn test -Dtest=ConfigReferenceTest -Dimagepic.docs.write=true}.
 */
class ConfigReferenceTest {

    static final Path DOC = Path.of("docs/operations.md");
    static final String BEGIN = "<!-- settings: generated from the @ConfigMapping interfaces, do not edit -->\n";
    static final String END = "<!-- end of settings -->";

    @Test
    void operationsGuideListsEverySettingAsTheCodeDefinesIt() throws IOException {
        List<ConfigReference.Setting> settings = ConfigReference.settings(Path.of("src/main/java"));
        assertTrue(settings.stream().anyMatch(s -> s.key().equals("imagepic.storage.endpoint")), "the parser found "
                + settings.size() + " settings only");
        String doc = Files.readString(DOC);
        int from = doc.indexOf(BEGIN);
        int to = doc.indexOf(END);
        assertTrue(from >= 0 && to > from, DOC + " must hold the generated settings between the markers");
        String expected = doc.substring(0, from + BEGIN.length()) + ConfigReference.table(settings) + doc.substring(to);
        if (Boolean.getBoolean("imagepic.docs.write")) {
            Files.writeString(DOC, expected);
        }
        assertEquals(expected, doc, DOC + " is out of date: run mvn test -Dtest=ConfigReferenceTest"
                + " -Dimagepic.docs.write=true");
    }
}

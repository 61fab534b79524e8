package io.imagepic.state.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource(delimiter = '|', value = {
            "13800138000        | 13800138000",
            "ip:::1             | ip%3A%3A%3A1",
            "a.b                | a.b",
            ".hidden            | %2Ehidden",
            "../etc             | %2E.%2Fetc",
            "x@owner@1          | x%40owner%401",
            "中                 | %E4%B8%AD",
            "a%41               | a%2541",
            "under_score-dash   | under_score-dash" })
    void encodesOneToOne(String key, String name) {
        assertEquals(name, Names.encode(key));
        assertEquals(key, Names.decode(name));
    }

    @ParameterizedTest(name = "not a name: {0}")
    @ValueSource(strings = { ".tmp", ".a.b.tmp", "%41", "%4", "%ZZ", "a b", "x@y", "%C3%28", "" })
    void decodesOnlyWhatItEncodes(String name) {
        assertNull(Names.decode(name));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 201 })
    void refusesEmptyAndOverlongKeys(int length) {
        assertThrows(IllegalArgumentException.class, () -> Names.encode("k".repeat(length)));
    }
}

package io.imagepic.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The content-hashed names: built from the entry page, rewritten imports, renamed when anything below changes. */
class ConsoleAssetBundleTest {

    private static AssetBundle bundle(Map<String, String> files) {
        return new AssetBundle(name -> files.containsKey(name) ? files.get(name).getBytes(StandardCharsets.UTF_8) : null,
                "index.html");
    }

    private static Map<String, String> site() {
        Map<String, String> files = new HashMap<>();
        files.put("index.html",
                "<link href=\"{{app.css}}\"><script type=module src=\"{{main.js}}\"></script>\n{{modulepreload}}");
        files.put("app.css", "body{}");
        files.put("main.js", "import { a } from './a.js';\nconst page = () => import('./page.js');\n");
        files.put("a.js", "import './b.js';\nexport const a = 1;\n");
        files.put("b.js", "export const b = 2;\n");
        files.put("page.js", "import { a } from \"./a.js\";\n");
        return files;
    }

    private static String text(AssetBundle b, String name) {
        return new String(b.at(b.pathOf(name)).orElseThrow().body(), StandardCharsets.UTF_8);
    }

    @Test
    void namesCarryTheContentHashAndImportsPointAtThem() {
        AssetBundle b = bundle(site());
        assertTrue(b.pathOf("main.js").matches("/console/main\\.[0-9a-f]{10}\\.js"), b.pathOf("main.js"));
        String main = text(b, "main.js");
        assertTrue(main.contains("from '" + b.pathOf("a.js") + "'"), main);
        assertTrue(main.contains("import('" + b.pathOf("page.js") + "')"), main);
        assertTrue(text(b, "page.js").contains("from \"" + b.pathOf("a.js") + "\""));
        String index = new String(b.index().body(), StandardCharsets.UTF_8);
        assertTrue(index.contains("src=\"" + b.pathOf("main.js") + "\""), index);
        assertTrue(index.contains("href=\"" + b.pathOf("app.css") + "\""), index);
        // static imports are preloaded (a.js and what it imports), lazily loaded pages are not
        assertTrue(index.contains("<link rel=\"modulepreload\" href=\"" + b.pathOf("a.js") + "\">"), index);
        assertTrue(index.contains("<link rel=\"modulepreload\" href=\"" + b.pathOf("b.js") + "\">"), index);
        assertTrue(!index.contains(b.pathOf("page.js")), index);
    }

    @Test
    void aChangeDeepDownRenamesEveryModuleThatLeadsToIt() {
        AssetBundle before = bundle(site());
        Map<String, String> changed = site();
        changed.put("b.js", "export const b = 3;\n");
        AssetBundle after = bundle(changed);
        for (String name : new String[] { "b.js", "a.js", "main.js", "page.js" }) {
            assertNotEquals(before.pathOf(name), after.pathOf(name), name);
        }
        assertEquals(before.pathOf("app.css"), after.pathOf("app.css"));
    }

    @Test
    void missingFilesCyclesAndOddNamesStopTheStart() {
        Map<String, String> missing = site();
        missing.remove("b.js");
        assertThrows(IllegalStateException.class, () -> bundle(missing));

        Map<String, String> cycle = site();
        cycle.put("b.js", "import './a.js';\n");
        assertThrows(IllegalStateException.class, () -> bundle(cycle));

        Map<String, String> odd = site();
        odd.put("main.js", "import './Upper.js';\n");
        odd.put("Upper.js", "");
        // not a relative lower-case module name: left alone, so the import would fail in the browser ...
        assertTrue(text(bundle(odd), "main.js").contains("'./Upper.js'"));
        // ... and a placeholder naming such a file fails at once
        odd.put("index.html", "{{Upper.js}}");
        assertThrows(IllegalStateException.class, () -> bundle(odd));
    }

    @Test
    void gzipOnlyWhenSmaller() {
        Map<String, String> files = site();
        files.put("app.css", "body { color: red; }\n".repeat(50));
        AssetBundle b = bundle(files);
        AssetBundle.Asset css = b.at(b.pathOf("app.css")).orElseThrow();
        assertTrue(css.gzip() != null && css.gzip().length < css.body().length);
        AssetBundle.Asset tiny = b.at(b.pathOf("b.js")).orElseThrow();
        assertEquals(null, tiny.gzip());
        assertNotEquals(css.etag(true), css.etag(false));
    }
}

package io.imagepic.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The policy's image origins can only ever be origins, and gzip follows Accept-Encoding's q-values. */
class ConsoleRouteTest {

    @Test
    void imageOriginsAreOriginsOnly() {
        assertEquals("https://img.example.com", ConsoleRoute.origin("https://img.example.com/some/path?x=1"));
        assertEquals("http://127.0.0.1:8080", ConsoleRoute.origin(" http://127.0.0.1:8080/ "));
        for (String bad : List.of("https://a.example.com; script-src *", "javascript:alert(1)", "*", "img.example.com",
                "data:image/png;base64,AAAA", "ftp://files.example.com")) {
            assertThrows(IllegalArgumentException.class, () -> ConsoleRoute.origin(bad), bad);
        }
        String csp = ConsoleRoute.contentSecurityPolicy(new LinkedHashSet<>(List.of("https://cdn.example.com")));
        assertTrue(csp.contains("img-src 'self' blob: data: https://cdn.example.com;"), csp);
        assertTrue(csp.contains("script-src 'self';"), csp);
        assertFalse(ConsoleRoute.contentSecurityPolicy(new LinkedHashSet<>()).contains("data: ;"));
    }

    @Test
    void gzipOnlyWhenAccepted() {
        assertTrue(ConsoleRoute.acceptsGzip("gzip, deflate, br"));
        assertTrue(ConsoleRoute.acceptsGzip("br;q=1.0, GZIP;q=0.5"));
        assertFalse(ConsoleRoute.acceptsGzip("gzip;q=0"));
        assertFalse(ConsoleRoute.acceptsGzip("gzip; q=0.000"));
        assertFalse(ConsoleRoute.acceptsGzip("identity"));
        assertFalse(ConsoleRoute.acceptsGzip(""));
        assertFalse(ConsoleRoute.acceptsGzip(null));
    }
}

package io.imagepic.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class EtagsTest {

    @Test
    void quotesAroundAreDroppedAnythingElseStays() {
        assertEquals("48ff346f5b146388eba15dba098a6ec2", Etags.unquote("\"48ff346f5b146388eba15dba098a6ec2\""));
        assertEquals("9b2cf535f27731c974343645a3985328-2", Etags.unquote("\"9b2cf535f27731c974343645a3985328-2\""));
        assertEquals("bare", Etags.unquote("bare"));
        assertEquals("\"", Etags.unquote("\""));
        assertEquals("", Etags.unquote("\"\""));
        assertNull(Etags.unquote(null));
    }
}

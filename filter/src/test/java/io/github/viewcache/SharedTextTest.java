package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SharedTextTest {

    private static String text(char c, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(c);
        }
        return b.toString();
    }

    @Test
    void equalTextsComeBackAsOneInstanceUpToTheLengthLimit() {
        String first = SharedText.of(text('a', SharedText.MAX_LENGTH));
        String again = SharedText.of(text('a', SharedText.MAX_LENGTH));
        assertSame(first, again);
        assertEquals(text('a', SharedText.MAX_LENGTH), again);
    }

    @Test
    void aLongerTextIsNotHeld() {
        String first = SharedText.of(text('b', SharedText.MAX_LENGTH + 1));
        String again = SharedText.of(text('b', SharedText.MAX_LENGTH + 1));
        assertNotSame(first, again, "a long header is not kept alive for sharing");
        assertEquals(first, again);
    }
}

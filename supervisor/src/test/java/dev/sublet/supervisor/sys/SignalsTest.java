package dev.sublet.supervisor.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SignalsTest {

    @Test
    void namesWithAndWithoutPrefixNumbersAndRealtime() {
        assertEquals(15, Signals.parse("SIGTERM"));
        assertEquals(15, Signals.parse("term"));
        assertEquals(1, Signals.parse("HUP"));
        assertEquals(9, Signals.parse("9"));
        assertEquals(31, Signals.parse("SIGSYS"));
        assertEquals(37, Signals.parse("SIGRTMIN+3"));
        assertEquals(62, Signals.parse("RTMAX-2"));
    }

    @Test
    void unknownSignalsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Signals.parse("SIGFOO"));
        assertThrows(IllegalArgumentException.class, () -> Signals.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> Signals.parse("65"));
    }
}

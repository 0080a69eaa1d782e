package dev.sublet.supervisor.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UlimitTest {

    @Test
    void softAndHard() {
        assertEquals(new Ulimit(7, 1024, 4096), Ulimit.parse("nofile=1024:4096"));
    }

    @Test
    void oneValueSetsBoth() {
        assertEquals(new Ulimit(6, 100, 100), Ulimit.parse("nproc=100"));
    }

    @Test
    void unlimitedSpellings() {
        assertEquals(new Ulimit(4, Ulimit.UNLIMITED, Ulimit.UNLIMITED), Ulimit.parse("core=-1"));
        assertEquals(new Ulimit(8, 64, Ulimit.UNLIMITED), Ulimit.parse("RLIMIT_MEMLOCK=64:unlimited"));
    }

    @Test
    void errorsNameTheSetting() {
        assertTrue(assertThrows(StageFailure.class, () -> Ulimit.parse("files=1")).getMessage().contains("'files'"));
        assertTrue(assertThrows(StageFailure.class, () -> Ulimit.parse("nofile=2:1")).getMessage().contains("above the hard"));
        assertTrue(assertThrows(StageFailure.class, () -> Ulimit.parse("nofile=many")).getMessage().contains("'many'"));
        assertTrue(assertThrows(StageFailure.class, () -> Ulimit.parse("nofile")).getMessage().contains("TYPE=SOFT"));
    }
}

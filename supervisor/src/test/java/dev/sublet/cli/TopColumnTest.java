package dev.sublet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopColumnTest {

    @Test
    void defaultsToUserHuserPidHpidArgs() {
        assertEquals(List.of(TopColumn.USER, TopColumn.HUSER, TopColumn.PID, TopColumn.HPID, TopColumn.ARGS),
                TopColumn.parse(List.of()));
    }

    @Test
    void acceptsSeparateAndCommaSeparatedDescriptors() {
        assertEquals(List.of(TopColumn.USER, TopColumn.HUSER, TopColumn.PPID, TopColumn.COMM),
                TopColumn.parse(List.of("user", "huser,ppid", "comm")));
    }

    @Test
    void rejectsUnknownDescriptors() {
        assertThrows(IllegalArgumentException.class, () -> TopColumn.parse(List.of("USER")));
    }
}

package dev.sublet.supervisor.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HelperProcessTest {

    @Test
    void capturesStdoutAndStderrAndTheExitStatus() {
        HelperProcess.Result result = HelperProcess.run(List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"));
        assertEquals(3, result.status());
        assertEquals("out\nerr", result.output());
    }

    @Test
    void givesTheHelperAnEmptyStdinAndTheEnvironment() {
        HelperProcess.Result result = HelperProcess.run(List.of("/bin/sh", "-c", "cat; echo \"[$HOME]\""));
        assertEquals(0, result.status());
        assertEquals("[" + System.getenv("HOME") + "]", result.output());
    }

    @Test
    void reportsADeathBySignalAsAShellWould() {
        assertEquals(128 + 9, HelperProcess.run(List.of("/bin/sh", "-c", "kill -9 $$")).status());
    }

    @Test
    void failsClearlyForAMissingProgram() {
        SysException error = assertThrows(SysException.class, () -> HelperProcess.run(List.of("/no/such/helper")));
        assertTrue(error.getMessage().contains("/no/such/helper"), error.getMessage());
    }
}

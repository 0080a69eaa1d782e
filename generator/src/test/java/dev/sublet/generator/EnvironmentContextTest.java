package dev.sublet.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentContextTest {

    @Test
    void overridesReplaceEveryPartOfTheIdentity() {
        GeneratorContext context = EnvironmentContext.build(false, Map.of(
                "SUBLET_UID", "1234", "SUBLET_GID", "4321", "SUBLET_USER_NAME", "bob", "SUBLET_HOME", "/h/bob",
                "SUBLET_SUBUID_FILE", "/t/subuid", "SUBLET_SUBGID_FILE", "/t/subgid", "SUBLET_STATE_DIR", "/t/state",
                "SUBLET_EXECUTABLE", "/opt/sublet"));
        assertEquals(1234, context.uid());
        assertEquals(4321, context.gid());
        assertEquals("bob", context.userName());
        assertEquals(Path.of("/h/bob"), context.home());
        assertEquals(Path.of("/t/subuid"), context.subuidFile());
        assertEquals(Path.of("/t/subgid"), context.subgidFile());
        assertEquals(Path.of("/t/state"), context.stateDir());
        assertEquals("/opt/sublet", context.subletExecutable());
        assertEquals("/h/bob", context.environment().get("SUBLET_HOME"));
    }

    @Test
    void defaultsComeFromTheProcess() {
        GeneratorContext context = EnvironmentContext.build(true, Map.of());
        assertEquals(EnvironmentContext.realIdFromProcStatus("Uid:"), context.uid());
        assertEquals(Path.of("/etc/subuid"), context.subuidFile());
        assertEquals(Path.of("/var/lib/sublet"), context.stateDir());
        assertEquals(EnvironmentContext.DEFAULT_EXECUTABLE, context.subletExecutable());
        assertTrue(context.systemMode());
    }

    @Test
    void userStateDirectoryFollowsXdgStateHome() {
        assertEquals(Path.of("/x/state/sublet"), EnvironmentContext.build(false,
                Map.of("SUBLET_UID", "1", "SUBLET_GID", "1", "HOME", "/h", "XDG_STATE_HOME", "/x/state")).stateDir());
        assertEquals(Path.of("/h/.local/state/sublet"), EnvironmentContext.build(false,
                Map.of("SUBLET_UID", "1", "SUBLET_GID", "1", "HOME", "/h", "XDG_STATE_HOME", "relative")).stateDir());
    }

    @Test
    void executablePropertyFromTheLauncherWins() {
        System.setProperty("sublet.executable", "/from/property");
        try {
            assertEquals("/from/property", EnvironmentContext.build(false,
                    Map.of("SUBLET_UID", "1", "SUBLET_GID", "1", "SUBLET_EXECUTABLE", "/from/env")).subletExecutable());
        } finally {
            System.clearProperty("sublet.executable");
        }
    }

    @Test
    void procStatusParsing() {
        List<String> status = List.of("Name:\tjava", "Uid:\t1000\t1001\t1002\t1003", "Gid:\t100\t100\t100\t100");
        assertEquals(1000, EnvironmentContext.parseStatusId(status, "Uid:"));
        assertEquals(100, EnvironmentContext.parseStatusId(status, "Gid:"));
        assertThrows(IllegalArgumentException.class, () -> EnvironmentContext.parseStatusId(List.of("Name:\tx"), "Uid:"));
    }

    @Test
    void malformedOverrideIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnvironmentContext.build(false, Map.of("SUBLET_UID", "alice")));
        assertTrue(e.getMessage().contains("SUBLET_UID='alice'"), e.getMessage());
    }
}

package dev.sublet.supervisor.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerEnvironmentTest {

    private static final Map<String, String> HOST = Map.of("PATH", "/host/bin", "LANG", "C.UTF-8",
            "NOTIFY_SOCKET", "/run/user/1000/systemd/notify", "SECRET", "from-host");

    @Test
    void defaultsComeFirst() {
        Map<String, String> env = new ContainerEnvironment("web", "/root").asMap();
        assertEquals(ContainerEnvironment.DEFAULT_PATH, env.get("PATH"));
        assertEquals("sublet", env.get("container"));
        assertEquals("web", env.get("HOSTNAME"));
        assertEquals("/root", env.get("HOME"));
    }

    @Test
    void hostThenFilesThenAssignmentsLaterWins() {
        ContainerEnvironment env = new ContainerEnvironment("web", "/root")
                .addHost(HOST)
                .addFile("a.env", List.of("# comment", "", "LANG=de_DE.UTF-8", "A=1", "B=from-file"), HOST)
                .addFile("b.env", List.of("A=2"), HOST)
                .addAssignments(List.of("B=from-option", "C=x=y"));
        assertEquals("/host/bin", env.get("PATH"));
        assertEquals("de_DE.UTF-8", env.get("LANG"));
        assertEquals("2", env.get("A"));
        assertEquals("from-option", env.get("B"));
        assertEquals("x=y", env.get("C"));
    }

    @Test
    void theSupervisorsNotifySocketNeverLeaksIn() {
        assertNull(new ContainerEnvironment("web", "/").addHost(HOST).get("NOTIFY_SOCKET"));
        assertEquals("/run/notify/notify.sock",
                new ContainerEnvironment("web", "/").addHost(HOST).notifySocket("/run/notify/notify.sock").get("NOTIFY_SOCKET"));
    }

    @Test
    void aBareKeyInAFileTakesTheHostValueOrNothing() {
        ContainerEnvironment env = new ContainerEnvironment("web", "/").addFile("f", List.of("SECRET", "MISSING"), HOST);
        assertEquals("from-host", env.get("SECRET"));
        assertFalse(env.asMap().containsKey("MISSING"));
    }

    @Test
    void aBadLineNamesFileAndLine() {
        StageFailure failure = assertThrows(StageFailure.class,
                () -> new ContainerEnvironment("web", "/").addFile("/etc/app.env", List.of("A=1", "NOT A KEY=1"), HOST));
        assertTrue(failure.getMessage().startsWith("/etc/app.env:2: "), failure.getMessage());
    }

    @Test
    void envpKeepsOrderAsKeyValueStrings() {
        String[] envp = new ContainerEnvironment("web", "/home/u").addAssignments(List.of("Z=1")).toEnvp();
        assertEquals("PATH=" + ContainerEnvironment.DEFAULT_PATH, envp[0]);
        assertEquals("Z=1", envp[envp.length - 1]);
    }
}

package dev.sublet.supervisor.dbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.common.IdMapping;
import dev.sublet.common.RunSpec;
import dev.sublet.supervisor.state.ContainerState;
import dev.sublet.testsupport.SystemTests;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Top against a real process tree: a shell as PID 1 of a new pid namespace, running as host uid
 * 100000 (container root under the map 0:100000:65536), with two sleeping children.
 */
class ContainerTopSystemTest {

    private static final long HOST_UID = 100000;

    private Process unshare;

    @AfterEach
    void killTree() {
        if (unshare != null) {
            unshare.descendants().forEach(ProcessHandle::destroyForcibly);
            unshare.destroyForcibly();
        }
    }

    @Test
    void showsEveryProcessWithIdsInsideAndOnTheHost() throws Exception {
        SystemTests.needRoot();
        SystemTests.need(BusReporterSystemTest.onPath("unshare") && BusReporterSystemTest.onPath("setpriv"),
                "unshare and setpriv (util-linux)");
        unshare = new ProcessBuilder("unshare", "--pid", "--fork", "--kill-child",
                "setpriv", "--reuid=" + HOST_UID, "--regid=" + HOST_UID, "--clear-groups",
                "sh", "-c", "sleep 300 & sleep 300 & wait")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        TestReporters.awaitTrue(() -> unshare.children().findFirst().orElseThrow().children()
                .filter(c -> c.info().command().orElse("").endsWith("/sleep")).count() == 2, "shell and two sleeps");
        ProcessHandle shell = unshare.children().findFirst().orElseThrow();
        Set<Long> sleeps = shell.children().map(ProcessHandle::pid).collect(Collectors.toSet());

        RunSpec spec = new RunSpec().name("top-test");
        spec.uidMaps().add(IdMapping.parse("0:" + HOST_UID + ":65536"));
        spec.gidMaps().add(IdMapping.parse("0:" + HOST_UID + ":65536"));
        ContainerState state = new ContainerState(spec);
        state.running(shell.pid(), System.currentTimeMillis());

        List<ProcessRow> rows = ContainerTop.live().rows(state);

        assertEquals(3, rows.size(), rows.toString());
        ProcessRow pid1 = rows.get(0);
        assertEquals(shell.pid(), pid1.hostPid.longValue());
        assertEquals(1, pid1.pid.longValue());
        assertEquals(0, pid1.parentPid.longValue());
        assertEquals("sh", pid1.comm);
        assertEquals("sh -c sleep 300 & sleep 300 & wait", pid1.args);
        assertEquals(sleeps, rows.subList(1, 3).stream().map(r -> r.hostPid.longValue()).collect(Collectors.toSet()));
        assertEquals(Set.of(2L, 3L), rows.subList(1, 3).stream().map(r -> r.pid.longValue()).collect(Collectors.toSet()));
        for (ProcessRow row : rows) {
            // The "container" shares the host's root here, so its /etc/passwd names uid 0 root.
            assertEquals("root", row.user, row.toString());
            assertEquals(Long.toString(HOST_UID), row.hostUser, row.toString());
            assertEquals("root", row.group, row.toString());
            assertEquals(Long.toString(HOST_UID), row.hostGroup, row.toString());
        }
        for (ProcessRow sleep : rows.subList(1, 3)) {
            assertEquals(1, sleep.parentPid.longValue());
            assertEquals("sleep 300", sleep.args);
        }
        assertEquals(List.of(shell.pid(), rows.get(1).hostPid.longValue(), rows.get(2).hostPid.longValue()),
                ContainerTop.live().hostPids(state));
        assertTrue(rows.get(1).hostPid.longValue() < rows.get(2).hostPid.longValue(), "children sorted by pid");
    }

    @Test
    void aContainerWithoutProcessesHasNoRows() {
        ContainerState state = new ContainerState(new RunSpec().name("not-started"));
        assertEquals(List.of(), ContainerTop.live().rows(state));
        assertEquals(List.of(), ContainerTop.live().hostPids(state));
    }
}

package dev.sublet.supervisor.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.supervisor.sys.HelperProcess;
import dev.sublet.supervisor.sys.Linux;
import dev.sublet.testsupport.SystemTests;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserNamespaceWatchTest {

    @Test
    void seesAProcessEnterANewUserNamespace() throws Exception {
        SystemTests.needExecutable("/usr/bin/unshare");
        Process unshared = new ProcessBuilder("/usr/bin/unshare", "--user", "sleep", "30").start();
        try {
            assertTrue(UserNamespaceWatch.awaitNew(unshared.pid()));
        } finally {
            unshared.destroyForcibly().waitFor();
        }
    }

    @Test
    void givesUpOnAProcessThatEndsInOurNamespace() {
        // Spawned and not yet reaped: a zombie, which still shows our namespace.
        long pid = Linux.spawn("/bin/true", List.of("/bin/true"), HelperProcess.inheritedEnvironment(), new int[0][]);
        try {
            assertFalse(UserNamespaceWatch.awaitNew(pid));
        } finally {
            Linux.waitForChild(pid);
        }
        assertFalse(UserNamespaceWatch.awaitNew(pid), "a reaped process has no /proc entry");
    }

    @Test
    void readsTheStateOfAZombieFromStat() {
        assertFalse(UserNamespaceWatch.ended(Path.of("/proc/self/stat")));
        assertTrue(UserNamespaceWatch.ended(Path.of("/proc/no-such-process/stat")));
    }
}

package dev.sublet.supervisor.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.supervisor.dbus.BusNames;
import dev.sublet.supervisor.dbus.PrivateBus;
import dev.sublet.supervisor.run.SubletRunner.As;
import dev.sublet.testsupport.SystemTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The payload dying by a signal from outside, and the session bus going away under a running container. */
class FaultSystemTest {

    private static final Duration END = Duration.ofSeconds(60);

    @AfterEach
    void removeDirectories() throws IOException {
        ScratchRootfs.removeAll();
    }

    /**
     * util-linux 2.38's {@code unshare --fork} cannot re-raise SIGKILL on itself ("sigprocmask unblock
     * failed") and exits 1; the supervisor asks the kernel for the payload's own status through its
     * pidfd (PIDFD_GET_INFO, Linux 6.15+), so a SIGKILL from anywhere is reported as 137.
     */
    @ParameterizedTest
    @EnumSource(As.class)
    void aPayloadKilledFromTheHostWithSigkillEndsTheSupervisorWithStatus137(As as) throws IOException {
        SubletRunner runner = SubletRunner.as(as);
        SubletProcess container = runner.start(RunSystemTest.args(runner, runner.hostMode(), List.of(), "/bin/sleep", "600"));
        long payload = container.payloadHostPid("/bin/sleep", END);
        assertTrue(ProcessHandle.of(payload).orElseThrow().destroyForcibly());
        assertEquals(kernelReportsExitThroughPidfd() ? 128 + 9 : 1, container.waitFor(END), container.stderr());
    }

    /** PIDFD_INFO_EXIT came with Linux 6.15; before it only unshare's 1 is known. */
    private static boolean kernelReportsExitThroughPidfd() throws IOException {
        String[] release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).split("[.-]");
        int major = Integer.parseInt(release[0].trim());
        int minor = Integer.parseInt(release[1].trim());
        return major > 6 || (major == 6 && minor >= 15);
    }

    /** A real fault kills even PID 1 (the kernel forces it); unshare re-raises SIGSEGV, so 128+11. */
    @ParameterizedTest
    @EnumSource(As.class)
    void aPayloadDyingOfSigsegvGivesStatus139(As as) throws IOException {
        SubletRunner runner = SubletRunner.as(as);
        SubletProcess container = runner.run(runner.hostMode(), List.of(), "/bin/sh", "-c", "ulimit -s 256; f() { f; }; f");
        assertEquals(128 + 11, container.waitFor(END), container.stderr());
    }

    /**
     * SIGTERM sent to the payload from the host, whose handler restores the default and re-raises it.
     * As PID 1 the payload could not die of it (the kernel ignores default-action signals for a
     * namespace's init), so it runs under --init as PID 2; the init and unshare pass 128+15 on.
     */
    @ParameterizedTest
    @EnumSource(As.class)
    void aPayloadDyingOfSigtermGivesStatus143(As as) throws IOException {
        SystemTests.needExecutable("/usr/bin/catatonit");
        SubletRunner runner = SubletRunner.as(as);
        SubletProcess container = runner.start(RunSystemTest.args(runner, runner.hostMode(), List.of("--init"),
                "/bin/sh", "-c", "trap 'trap - TERM; kill -TERM $$' TERM; echo ready; while :; do sleep 0.1; done"));
        long payload = payloadUnderInit(container);
        SubletRunner.run("kill", "-TERM", Long.toString(payload));
        assertEquals(128 + 15, container.waitFor(END), container.stderr());
    }

    /**
     * The bus daemon dies under a running container: the payload keeps running, and once a daemon
     * listens on the same address again the supervisor's State property is readable there.
     * Root only: a session bus admits only its own uid, and this daemon runs as root.
     */
    @Test
    void aRunningContainerSurvivesABusRestartAndIsReportedAgain() throws Exception {
        SystemTests.need(onPath("dbus-daemon") && onPath("busctl"), "dbus-daemon and busctl");
        SubletRunner runner = SubletRunner.as(As.ROOT);
        Path directory = ScratchRootfs.directory(Path.of("/tmp"), "sublet-bus");
        try (PrivateBus bus = PrivateBus.start(directory)) {
            List<String> args = RunSystemTest.args(runner, runner.hostMode(), List.of("--stop-timeout", "1"), "/bin/sleep", "600");
            args.set(args.indexOf("--name") + 1, "bus-restart");
            SubletProcess container = runner.start(args, Map.of("DBUS_SESSION_BUS_ADDRESS", bus.address()));
            try {
                long payload = container.payloadHostPid("/bin/sleep", END);
                assertEquals("s \"running\"", awaitState(bus, Duration.ofSeconds(30)), container.stderr());

                bus.stopDaemon();
                awaitStderr(container, "lost the D-Bus connection to " + bus.address());
                assertTrue(container.isAlive() && ProcessHandle.of(payload).map(ProcessHandle::isAlive).orElse(false),
                        "the container runs on without the bus: " + container.stderr());

                bus.startDaemon();
                assertEquals("s \"running\"", awaitState(bus, Duration.ofSeconds(15)), container.stderr());
                assertTrue(ProcessHandle.of(payload).map(ProcessHandle::isAlive).orElse(false));
            } finally {
                container.kill();
                container.waitFor(END);
            }
        }
    }

    /** The State property, retried until it is readable or {@code timeout} has passed (then the last error). */
    private static String awaitState(PrivateBus bus, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last;
        do {
            try {
                return bus.busctl("get-property", BusNames.forContainer("bus-restart"), BusNames.OBJECT_PATH,
                        BusNames.INTERFACE, "State").strip();
            } catch (IOException e) {
                last = e.getMessage();
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return "not readable within " + timeout + ": " + last;
    }

    /** Waits until the supervisor has logged {@code line}, e.g. that it noticed the bus was gone. */
    private static void awaitStderr(SubletProcess container, String line) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!container.stderr().contains(line)) {
            assertTrue(System.nanoTime() < deadline, "the supervisor did not log '" + line + "': " + container.stderr());
            Thread.sleep(100);
        }
    }

    /** The host PID of the payload (PID 2) once its shell has installed the trap and printed "ready". */
    private static long payloadUnderInit(SubletProcess container) {
        long deadline = System.nanoTime() + END.toNanos();
        while (System.nanoTime() < deadline) {
            var shell = ProcessHandle.of(container.pid()).stream().flatMap(ProcessHandle::descendants)
                    .filter(p -> SubletProcess.commandLine(p.pid()).startsWith("/bin/sh -c trap"))
                    .findFirst();
            if (shell.isPresent() && container.stdout().contains("ready")) {
                return shell.get().pid();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("the payload did not start; stderr: " + container.stderr());
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (java.nio.file.Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}

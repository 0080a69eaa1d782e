package dev.sublet.supervisor.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.supervisor.run.SubletRunner.As;
import dev.sublet.testsupport.SystemTests;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code --init}: the host's static catatonit is PID 1, forwards signals and reaps. */
class InitSystemTest {

    private static final Duration START = Duration.ofSeconds(60);

    @ParameterizedTest
    @EnumSource(As.class)
    void theInitIsPidOneAndThePayloadPidTwo(As as) throws IOException {
        SystemTests.needExecutable("/usr/bin/catatonit");
        SubletRunner runner = SubletRunner.as(as);
        SubletProcess container = runner.run(runner.hostMode(), List.of("--init"),
                "/bin/sh", "-c", "tr '\\0' ' ' </proc/1/cmdline; echo; echo $$");
        assertEquals(0, container.waitFor(START), container.stderr());
        assertEquals(List.of("/dev/init -- /bin/sh -c " + "tr '\\0' ' ' </proc/1/cmdline; echo; echo $$ ", "2"),
                container.stdout().lines().toList(), container.stderr());
    }

    /**
     * Without an init, a payload without a SIGTERM handler is PID 1 and ignores SIGTERM until the
     * SIGKILL after the stop timeout (RunSystemTest); as PID 2 the default action ends it at once.
     */
    @ParameterizedTest
    @EnumSource(As.class)
    void sigtermEndsAPayloadWithoutAHandlerBeforeTheStopTimeout(As as) throws IOException {
        SystemTests.needExecutable("/usr/bin/catatonit");
        SubletRunner runner = SubletRunner.as(as);
        SubletProcess container = runner.start(RunSystemTest.args(runner, runner.hostMode(),
                List.of("--init", "--stop-timeout", "120"), "/bin/sleep", "600"));
        container.payloadHostPid("/dev/init", START);
        // The init has set up its signal handling once it has forked; a SIGTERM before would be lost.
        awaitDescendant(container, "/bin/sleep 600");
        container.terminate();
        assertEquals(128 + 15, container.waitFor(Duration.ofSeconds(60)), container.stderr());
    }

    private static void awaitDescendant(SubletProcess container, String command) {
        long deadline = System.nanoTime() + START.toNanos();
        while (ProcessHandle.of(container.pid()).stream().flatMap(ProcessHandle::descendants)
                .noneMatch(p -> SubletProcess.commandLine(p.pid()).startsWith(command))) {
            assertTrue(System.nanoTime() < deadline, command + " did not start; stderr: " + container.stderr());
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

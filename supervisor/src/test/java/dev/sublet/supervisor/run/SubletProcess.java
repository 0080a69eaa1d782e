package dev.sublet.supervisor.run;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A started {@code sublet run}. Its output goes to files, not pipes: the JDK drains a pipe when the
 * process exits, and output the container writes around that moment can be lost.
 */
final class SubletProcess {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    SubletProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    long pid() {
        return process.pid();
    }

    /** Waits for the end; fails the test if it takes longer than {@code timeout}. */
    int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("sublet run did not end within " + timeout + "; stderr: " + stderr());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        return process.exitValue();
    }

    /** SIGTERM to the supervisor, as systemd's stop does. */
    void terminate() {
        process.destroy();
    }

    void kill() {
        process.destroyForcibly();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    /**
     * The host PID of the container's PID 1 (the child of the supervisor's unshare child) once its
     * command line starts with {@code command}.
     */
    long payloadHostPid(String command, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> payload = ProcessHandle.of(process.pid()).stream()
                    .flatMap(ProcessHandle::children)
                    .flatMap(ProcessHandle::children)
                    .filter(p -> commandLine(p.pid()).startsWith(command))
                    .findFirst();
            if (payload.isPresent()) {
                return payload.get().pid();
            }
            sleep(50);
        }
        fail("the payload did not start within " + timeout + "; stderr: " + (process.isAlive() ? "" : stderr()));
        return -1;
    }

    /** The real uid of a host process, from /proc/PID/status. */
    static long hostUid(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("Uid:"))
                .map(l -> Long.parseLong(l.split("\\s+")[1]))
                .findFirst().orElseThrow();
    }

    /** The owner uid of a host file, not following a symlink. */
    static long fileOwner(Path file) throws IOException {
        return ((Number) Files.getAttribute(file, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    static void awaitGone(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && Files.exists(Path.of("/proc/" + pid))) {
            sleep(50);
        }
        assertTrue(!Files.exists(Path.of("/proc/" + pid)) || isZombie(pid), "process " + pid + " is still running");
    }

    private static boolean isZombie(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/stat")).replaceFirst("^.*\\) ", "").startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}

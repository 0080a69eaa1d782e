package dev.sublet.supervisor.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.supervisor.run.SubletRunner.As;
import dev.sublet.supervisor.sys.Linux;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** sd_notify as systemd sees it: a datagram socket in $NOTIFY_SOCKET. */
class NotifySystemTest {

    private static final Duration START = Duration.ofSeconds(60);

    @ParameterizedTest
    @EnumSource(As.class)
    void readyWithTheSupervisorsPidOnceRunningAndStoppingOnStop(As as) throws Exception {
        SubletRunner runner = SubletRunner.as(as);
        Path dir = SubletRunner.worldReadableTempDir("sublet-notify");
        String socket = dir.resolve("notify").toString();
        int fd = Linux.unixDatagramSocket();
        try {
            Linux.bindUnix(fd, socket);
            Files.setPosixFilePermissions(Path.of(socket), PosixFilePermissions.fromString("rw-rw-rw-"));
            LinkedBlockingQueue<String> messages = receiveInBackground(fd);
            SubletProcess container = runner.start(RunSystemTest.args(runner, runner.hostMode(),
                    List.of("--stop-timeout", "1"), "/bin/sleep", "60"), Map.of("NOTIFY_SOCKET", socket));
            String ready = until(messages, "READY=1");
            assertTrue(ready.contains("MAINPID=" + container.pid()), ready);
            container.terminate();
            until(messages, "STOPPING=1");
            container.waitFor(START);
        } finally {
            Linux.close(fd);
            SubletRunner.run("rm", "-rf", dir.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(As.class)
    void withNotifyFromContainerThePayloadGetsTheSocket(As as) throws Exception {
        SubletRunner runner = SubletRunner.as(as);
        Path dir = SubletRunner.worldReadableTempDir("sublet-notify");
        String socket = dir.resolve("notify").toString();
        int fd = Linux.unixDatagramSocket();
        try {
            Linux.bindUnix(fd, socket);
            Files.setPosixFilePermissions(Path.of(socket), PosixFilePermissions.fromString("rw-rw-rw-"));
            // --read-only gives a tmpfs /run: the test rootfs is not writable by the container's root.
            SubletProcess container = runner.start(RunSystemTest.args(runner, runner.hostMode(),
                    List.of("--notify-from-container", "--read-only"), "/bin/sh", "-c", "echo $NOTIFY_SOCKET; ls -l $NOTIFY_SOCKET"),
                    Map.of("NOTIFY_SOCKET", socket));
            assertEquals(0, container.waitFor(START), container.stderr());
            List<String> lines = container.stdout().lines().toList();
            assertEquals("/run/notify/notify.sock", lines.get(0));
            assertTrue(lines.get(1).startsWith("s"), "a socket: " + lines.get(1));
        } finally {
            Linux.close(fd);
            SubletRunner.run("rm", "-rf", dir.toString());
        }
    }

    private static LinkedBlockingQueue<String> receiveInBackground(int fd) {
        LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        Thread receiver = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try {
                while (true) {
                    messages.add(new String(buffer, 0, Linux.receive(fd, buffer), StandardCharsets.UTF_8));
                }
            } catch (RuntimeException closed) {
                // the socket was closed at the end of the test
            }
        }, "notify-receiver");
        receiver.setDaemon(true);
        receiver.start();
        return messages;
    }

    private static String until(LinkedBlockingQueue<String> messages, String wanted) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            String message = messages.poll(1, TimeUnit.SECONDS);
            if (message != null) {
                seen.add(message);
                if (message.lines().anyMatch(wanted::equals)) {
                    return message;
                }
            }
        }
        throw new AssertionError("no " + wanted + " within " + START + "; got " + seen);
    }
}

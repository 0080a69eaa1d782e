package dev.sublet.supervisor.dbus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real dbus-daemon on a socket in a test directory, so tests never touch the machine's buses.
 * It can be stopped and started again on the same address to test reconnection.
 */
public final class PrivateBus implements AutoCloseable {

    private final Path socket;
    private Process daemon;

    private PrivateBus(Path directory) {
        this.socket = directory.resolve("bus");
    }

    public static PrivateBus start(Path directory) throws IOException {
        PrivateBus bus = new PrivateBus(directory);
        bus.startDaemon();
        return bus;
    }

    public String address() {
        return "unix:path=" + socket;
    }

    public void startDaemon() throws IOException {
        Files.deleteIfExists(socket);
        daemon = new ProcessBuilder("dbus-daemon", "--session", "--nofork", "--print-address",
                "--address=" + address())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        // The daemon prints its address once it listens.
        BufferedReader reader = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8));
        if (reader.readLine() == null) {
            throw new IOException("dbus-daemon exited at start with status " + waitFor(daemon));
        }
    }

    public void stopDaemon() throws InterruptedException {
        daemon.destroy();
        if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
            daemon.destroyForcibly();
        }
    }

    /** Runs busctl against this bus; returns its output, failing on a non-zero exit. */
    public String busctl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("busctl", "--address=" + address()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        if (status != 0) {
            throw new IOException(command + " failed with status " + status + ": " + output);
        }
        return output;
    }

    private static int waitFor(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopDaemon();
    }
}

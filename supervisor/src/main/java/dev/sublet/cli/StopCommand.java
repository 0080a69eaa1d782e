package dev.sublet.cli;

import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "stop", description = "Stop a container: its stop signal, then SIGKILL after the timeout."
        + " Waits until it has stopped.")
final class StopCommand implements Runnable {

    /** How long past the timeout to wait for the supervisor to report the end before giving up. */
    private static final long GRACE_MILLIS = 5000;
    private static final long POLL_MILLIS = 100;
    private static final Set<String> ENDED = Set.of("exited", "failed");

    @ParentCommand
    private SubletCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "container name")
    private String name;

    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS",
            description = "seconds to wait before SIGKILL (default: the container's StopTimeout)")
    private Integer requestedTimeout;

    private int timeoutSeconds;

    @Override
    public void run() {
        if (requestedTimeout != null && requestedTimeout < 0) {
            throw new CliException("--time must not be negative, got " + requestedTimeout);
        }
        try (ContainerClient client = root.connect()) {
            timeoutSeconds = requestedTimeout != null ? requestedTimeout
                    : (int) Math.min(Integer.MAX_VALUE, new ContainerView(client.properties(name)).number("StopTimeout"));
            client.stop(name, timeoutSeconds);
            awaitEnd(client);
        }
        spec.commandLine().getOut().println(name);
        spec.commandLine().getOut().flush();
    }

    /** Ended means the supervisor says so or has already left the bus. */
    private void awaitEnd(ContainerClient client) {
        long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L + GRACE_MILLIS;
        while (client.isRunning(name)) {
            String state;
            try {
                state = new ContainerView(client.properties(name)).text("State");
            } catch (CliException e) {
                return; // it left the bus between the two calls
            }
            if (ENDED.contains(state)) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new CliException("container '" + name + "' is still " + state + " after "
                        + (timeoutSeconds + GRACE_MILLIS / 1000) + " s");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted while waiting for '" + name + "' to stop");
            }
        }
    }
}

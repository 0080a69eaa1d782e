package dev.sublet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "kill", description = "Send a signal to a container's PID 1.")
final class KillCommand implements Runnable {

    @ParentCommand
    private SubletCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "container name")
    private String name;

    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", defaultValue = "KILL",
            description = "signal name (HUP, SIGHUP) or number (default: ${DEFAULT-VALUE})")
    private String signal;

    @Override
    public void run() {
        try (ContainerClient client = root.connect()) {
            client.kill(name, signal);
        }
        spec.commandLine().getOut().println(name);
        spec.commandLine().getOut().flush();
    }
}

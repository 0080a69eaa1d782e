package dev.sublet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "inspect", description = "Print all D-Bus properties of a container as JSON.")
final class InspectCommand implements Runnable {

    @ParentCommand
    private SubletCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "container name")
    private String name;

    @Override
    public void run() {
        try (ContainerClient client = root.connect()) {
            spec.commandLine().getOut().println(Json.write(new ContainerView(client.properties(name)).toJson()));
            spec.commandLine().getOut().flush();
        }
    }
}

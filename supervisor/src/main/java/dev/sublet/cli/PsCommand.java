package dev.sublet.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "ps", description = "List the running containers of this user session.")
final class PsCommand implements Runnable {

    enum Format { table, json }

    @ParentCommand
    private SubletCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--format", description = "table (default) or json (all properties of each container)",
            defaultValue = "table")
    private Format format;

    @Override
    public void run() {
        List<ContainerView> containers = new ArrayList<>();
        try (ContainerClient client = root.connect()) {
            for (String name : client.names()) {
                try {
                    containers.add(new ContainerView(client.properties(name)));
                } catch (CliException e) {
                    if (client.isRunning(name)) {
                        throw e;
                    }
                    // It ended between listing and asking: not running any more, so not listed.
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(Json.write(containers.stream().map(ContainerView::toJson).toList()));
            out.flush();
            return;
        }
        long now = System.currentTimeMillis();
        TextTable table = new TextTable(List.of("NAME", "UNIT", "STATE", "PID", "UIDS", "UPTIME", "COMMAND"));
        for (ContainerView c : containers) {
            table.add(List.of(c.text("Name"), orDash(c.text("Unit")), c.text("State"),
                    Long.toString(c.number("MainPID")), c.hostRanges("UidMap"), c.uptime(now),
                    String.join(" ", c.strings("Command"))));
        }
        table.print(out);
    }

    private static String orDash(String text) {
        return text.isEmpty() ? "-" : text;
    }
}

package dev.sublet.cli;

import dev.sublet.supervisor.dbus.ProcessRow;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "top", description = {
    "Show the processes of a container: user and pid inside it and on the host.",
    "Descriptors: user, huser, group, hgroup, pid, hpid, ppid, comm, args (default: user huser pid hpid args)."})
final class TopCommand implements Runnable {

    @ParentCommand
    private SubletCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "container name")
    private String name;

    @Parameters(index = "1..*", paramLabel = "DESCRIPTOR", description = "columns to show, as podman top")
    private List<String> descriptors = new ArrayList<>();

    @Override
    public void run() {
        List<TopColumn> columns;
        try {
            columns = TopColumn.parse(descriptors);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<ProcessRow> rows;
        try (ContainerClient client = root.connect()) {
            rows = client.top(name);
        }
        TextTable table = new TextTable(columns.stream().map(TopColumn::header).toList());
        for (ProcessRow row : rows) {
            table.add(columns.stream().map(c -> c.of(row)).toList());
        }
        table.print(spec.commandLine().getOut());
    }
}

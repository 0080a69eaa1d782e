package dev.sublet.cli;

import dev.sublet.supervisor.dbus.ProcessRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The descriptors {@code sublet top} accepts, named and headed as podman-top(1) does. */
enum TopColumn {
    USER("USER", r -> r.user),
    HUSER("HUSER", r -> r.hostUser),
    GROUP("GROUP", r -> r.group),
    HGROUP("HGROUP", r -> r.hostGroup),
    PID("PID", r -> r.pid.toString()),
    HPID("HPID", r -> r.hostPid.toString()),
    PPID("PPID", r -> r.parentPid.toString()),
    COMM("COMMAND", r -> r.comm),
    ARGS("COMMAND", r -> r.args);

    static final List<TopColumn> DEFAULT = List.of(USER, HUSER, PID, HPID, ARGS);

    private final String header;
    private final Function<ProcessRow, String> value;

    TopColumn(String header, Function<ProcessRow, String> value) {
        this.header = header;
        this.value = value;
    }

    String header() {
        return header;
    }

    String of(ProcessRow row) {
        return value.apply(row);
    }

    /**
     * Descriptors as given on the command line, each argument possibly a comma-separated list.
     *
     * @throws IllegalArgumentException naming the unknown descriptor and the known ones
     */
    static List<TopColumn> parse(List<String> arguments) {
        if (arguments.isEmpty()) {
            return DEFAULT;
        }
        List<TopColumn> columns = new ArrayList<>();
        for (String argument : arguments) {
            for (String descriptor : argument.split(",")) {
                if (!descriptor.isBlank()) {
                    columns.add(byName(descriptor.trim()));
                }
            }
        }
        return columns.isEmpty() ? DEFAULT : columns;
    }

    private static TopColumn byName(String descriptor) {
        return Arrays.stream(values())
                .filter(c -> c.name().toLowerCase(Locale.ROOT).equals(descriptor))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown descriptor '" + descriptor + "'; known: "
                        + Arrays.stream(values()).map(c -> c.name().toLowerCase(Locale.ROOT))
                                .collect(Collectors.joining(", "))));
    }
}

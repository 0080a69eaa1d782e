package dev.sublet.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one codec for the {@code sublet run} command line: {@link #format} is what the generator
 * writes into {@code ExecStart=}, {@link #parse} is what the supervisor reads. Every option takes
 * exactly one argument (flags are written {@code --flag} and take none), the payload follows
 * {@code --}.
 */
public final class RunArguments {

    private RunArguments() {
    }

    /** The arguments after {@code run}, in a fixed order so generated units are stable. */
    public static List<String> format(RunSpec spec) {
        List<String> args = new ArrayList<>();
        add(args, "--name", spec.name());
        add(args, "--unit", spec.unit());
        add(args, "--rootfs", spec.rootfs());
        for (IdMapping mapping : spec.uidMaps()) {
            add(args, "--uidmap", mapping.toArg());
        }
        for (IdMapping mapping : spec.gidMaps()) {
            add(args, "--gidmap", mapping.toArg());
        }
        add(args, "--user", spec.user());
        add(args, "--group", spec.group());
        addEach(args, "--passwd-entry", spec.passwdEntries());
        addEach(args, "--group-entry", spec.groupEntries());
        for (VolumeSpec volume : spec.volumes()) {
            add(args, "--volume", volume.toArg());
        }
        for (TmpfsSpec tmpfs : spec.tmpfs()) {
            add(args, "--tmpfs", tmpfs.toArg());
        }
        addEach(args, "--env-file", spec.environmentFiles());
        if (spec.environmentHost()) {
            args.add("--env-host");
        }
        addEach(args, "--env", spec.environment());
        add(args, "--workdir", spec.workingDir());
        add(args, "--hostname", spec.hostName());
        if (spec.network() != RunSpec.Network.HOST) {
            add(args, "--network", spec.network().name().toLowerCase(Locale.ROOT));
        }
        addEach(args, "--cap-add", spec.addCapabilities());
        addEach(args, "--cap-drop", spec.dropCapabilities());
        if (!spec.noNewPrivileges()) {
            args.add("--allow-new-privileges");
        }
        if (spec.readOnly()) {
            args.add("--read-only");
            if (!spec.readOnlyTmpfs()) {
                args.add("--no-read-only-tmpfs");
            }
        }
        if (!"SIGTERM".equals(spec.stopSignal())) {
            add(args, "--stop-signal", spec.stopSignal());
        }
        if (spec.stopTimeoutSeconds() != 10) {
            add(args, "--stop-timeout", Integer.toString(spec.stopTimeoutSeconds()));
        }
        add(args, "--timezone", spec.timezone());
        addEach(args, "--ulimit", spec.ulimits());
        addAssignments(args, "--label", spec.labels());
        addAssignments(args, "--annotation", spec.annotations());
        if (spec.init()) {
            args.add("--init");
        }
        if (spec.notifyFromContainer()) {
            args.add("--notify-from-container");
        }
        args.add("--");
        args.addAll(spec.command());
        return args;
    }

    /**
     * Parses the arguments after {@code run}.
     *
     * @throws IllegalArgumentException naming the option and what is wrong with it
     */
    public static RunSpec parse(List<String> args) {
        RunSpec spec = new RunSpec();
        int i = 0;
        while (i < args.size()) {
            String option = args.get(i++);
            if (option.equals("--")) {
                spec.command().addAll(args.subList(i, args.size()));
                break;
            }
            String inlineValue = null;
            int eq = option.indexOf('=');
            if (option.startsWith("--") && eq > 0) {
                inlineValue = option.substring(eq + 1);
                option = option.substring(0, eq);
            }
            if (applyFlag(spec, option, inlineValue)) {
                continue;
            }
            String value = inlineValue;
            if (value == null) {
                if (i >= args.size()) {
                    throw new IllegalArgumentException("option " + option + " needs a value");
                }
                value = args.get(i++);
            }
            applyOption(spec, option, value);
        }
        if (spec.command().isEmpty()) {
            throw new IllegalArgumentException("no command given: put the payload after '--'");
        }
        if (spec.rootfs() == null) {
            throw new IllegalArgumentException("--rootfs is required");
        }
        if (spec.name() == null) {
            throw new IllegalArgumentException("--name is required");
        }
        return spec;
    }

    private static final Set<String> FLAGS = Set.of(
            "--env-host", "--allow-new-privileges", "--read-only", "--no-read-only-tmpfs", "--init",
            "--notify-from-container");

    private static boolean applyFlag(RunSpec spec, String option, String inlineValue) {
        if (!FLAGS.contains(option)) {
            return false;
        }
        boolean value = inlineValue == null || parseBoolean(option, inlineValue);
        switch (option) {
            case "--env-host" -> spec.environmentHost(value);
            case "--allow-new-privileges" -> spec.noNewPrivileges(!value);
            case "--read-only" -> spec.readOnly(value);
            case "--no-read-only-tmpfs" -> spec.readOnlyTmpfs(!value);
            case "--init" -> spec.init(value);
            case "--notify-from-container" -> spec.notifyFromContainer(value);
            default -> throw new IllegalStateException("flag without a handler: " + option);
        }
        return true;
    }

    private static void applyOption(RunSpec spec, String option, String value) {
        try {
            switch (option) {
                case "--name" -> spec.name(value);
                case "--unit" -> spec.unit(value);
                case "--rootfs" -> spec.rootfs(value);
                case "--uidmap" -> spec.uidMaps().add(IdMapping.parse(value));
                case "--gidmap" -> spec.gidMaps().add(IdMapping.parse(value));
                case "--user" -> spec.user(value);
                case "--group" -> spec.group(value);
                case "--passwd-entry" -> spec.passwdEntries().add(value);
                case "--group-entry" -> spec.groupEntries().add(value);
                case "--volume" -> spec.volumes().add(VolumeSpec.parse(value));
                case "--tmpfs" -> spec.tmpfs().add(TmpfsSpec.parse(value));
                case "--env" -> spec.environment().add(requireAssignment(value));
                case "--env-file" -> spec.environmentFiles().add(value);
                case "--workdir" -> spec.workingDir(value);
                case "--hostname" -> spec.hostName(value);
                case "--network" -> spec.network(parseNetwork(value));
                case "--cap-add" -> spec.addCapabilities().add(value);
                case "--cap-drop" -> spec.dropCapabilities().add(value);
                case "--stop-signal" -> spec.stopSignal(value);
                case "--stop-timeout" -> spec.stopTimeoutSeconds(parseTimeout(value));
                case "--timezone" -> spec.timezone(value);
                case "--ulimit" -> spec.ulimits().add(value);
                case "--label" -> put(spec.labels(), value);
                case "--annotation" -> put(spec.annotations(), value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("unknown option")) {
                throw e;
            }
            throw new IllegalArgumentException(option + " " + value + ": " + e.getMessage(), e);
        }
    }

    private static boolean parseBoolean(String option, String text) {
        return switch (text) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException(option + "=" + text + ": expected true or false");
        };
    }

    private static RunSpec.Network parseNetwork(String value) {
        return switch (value) {
            case "host" -> RunSpec.Network.HOST;
            case "none" -> RunSpec.Network.NONE;
            default -> throw new IllegalArgumentException("unsupported network mode (sublet supports host and none)");
        };
    }

    private static int parseTimeout(String value) {
        try {
            int seconds = Integer.parseInt(value);
            if (seconds < 0) {
                throw new NumberFormatException();
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number of seconds");
        }
    }

    private static String requireAssignment(String value) {
        if (value.indexOf('=') <= 0) {
            throw new IllegalArgumentException("expected KEY=VALUE");
        }
        return value;
    }

    private static void put(Map<String, String> map, String assignment) {
        int eq = requireAssignment(assignment).indexOf('=');
        map.put(assignment.substring(0, eq), assignment.substring(eq + 1));
    }

    private static void add(List<String> args, String option, String value) {
        if (value != null) {
            args.add(option);
            args.add(value);
        }
    }

    // Loops, not forEach lambdas: this runs on every daemon-reload and container start, and the
    // first lambda of a JVM costs it the method-handle machinery (about 8 ms here).
    private static void addEach(List<String> args, String option, List<String> values) {
        for (String value : values) {
            add(args, option, value);
        }
    }

    private static void addAssignments(List<String> args, String option, Map<String, String> values) {
        for (Map.Entry<String, String> entry : values.entrySet()) {
            add(args, option, entry.getKey() + "=" + entry.getValue());
        }
    }
}

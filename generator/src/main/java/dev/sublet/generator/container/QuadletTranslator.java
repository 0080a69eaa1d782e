package dev.sublet.generator.container;

import dev.sublet.common.RunSpec;
import dev.sublet.generator.GeneratorContext;
import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFile;
import dev.sublet.generator.unit.UnitFileException;
import dev.sublet.generator.userns.ResolvedUserNs;
import dev.sublet.generator.userns.UserNsRequest;
import dev.sublet.generator.userns.UserNsResolver;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Translates the [Container] group of a Quadlet {@code .container} unit into {@code sublet run}
 * settings, following podman-systemd.unit(5) where sublet implements a key and rejecting, with a
 * reason, every key it would otherwise have to ignore.
 *
 * <p>Where sublet differs from Quadlet on purpose: the container is named after the service
 * without Quadlet's {@code systemd-} prefix ({@link Names#containerName}); no_new_privs is set
 * unless {@code NoNewPrivileges=false} (Quadlet's default is off; a rootless container has no use
 * for setuid binaries gaining privileges); Rootfs= is required because images are not supported
 * yet; and the rootfs itself, like every absolute volume source, gets {@code RequiresMountsFor=}.
 */
public final class QuadletTranslator implements Translator {

    private final GeneratorContext context;
    private final UserNsResolver resolver;
    private final Consumer<String> notes;

    public QuadletTranslator(GeneratorContext context, UserNsResolver resolver) {
        this(context, resolver, printer(System.err));
    }

    /** @param notes receives warnings that do not stop the unit, e.g. an ignored {@code :Z} */
    QuadletTranslator(GeneratorContext context, UserNsResolver resolver, Consumer<String> notes) {
        this.context = context;
        this.resolver = resolver;
        this.notes = notes;
    }

    @Override
    public Translation translate(UnitFile unit, String serviceName) throws UnitFileException {
        ContainerGroup group = new ContainerGroup(unit);
        ContainerKeys.check(group);
        HostPaths paths = new HostPaths(context, group.unitDirectory());
        Set<String> requiresMountsFor = new LinkedHashSet<>();

        // A template's instances share one generated unit: let systemd name the instance at start.
        RunSpec spec = new RunSpec().unit(serviceName.contains("@") ? "%n" : serviceName);
        spec.name(Names.containerName(group.last("ContainerName"), serviceName, unit.path()));
        String rootfs = rootfs(group, paths);
        spec.rootfs(rootfs);
        requiresMountsFor.add(rootfs);
        spec.command().addAll(command(group));
        new StorageTranslator(paths, notes).translate(group, spec, requiresMountsFor);
        applyEnvironment(group, paths, spec);
        applyProcess(group, spec);
        applyMetadata(group, spec);
        // Last, so a unit with any other error never makes the resolver allocate ids for it.
        applyUserNs(group, serviceName, Path.of(rootfs), spec);
        return new Translation(spec, List.copyOf(requiresMountsFor));
    }

    /** {@code stream::println}, as a class: see GeneratorLog#warnings() for what a method reference costs. */
    private static Consumer<String> printer(PrintStream stream) {
        return new Consumer<>() {
            @Override
            public void accept(String note) {
                stream.println(note);
            }
        };
    }

    @Override
    public void finish(Set<String> presentServiceNames) throws IOException {
        resolver.finish(presentServiceNames);
    }

    private static String rootfs(ContainerGroup group, HostPaths paths) throws UnitFileException {
        Entry image = group.last("Image");
        if (image != null) {
            throw new UnitFileException(image, "Image= is not yet supported by sublet; use Rootfs= with the path of"
                    + " an unpacked root file system");
        }
        Entry rootfs = group.last("Rootfs");
        if (rootfs == null) {
            throw new UnitFileException(group.unitPath(), 0, null, "[Container] needs Rootfs= (the directory to"
                    + " run as the container's root file system)");
        }
        String path = paths.absolute(rootfs, rootfs.value().trim(), "rootfs");
        if (path.equals("/")) {
            throw new UnitFileException(rootfs, "the host's / cannot be a container's rootfs: give a directory");
        }
        return path;
    }

    /** Entrypoint= then Exec=: there is no image to supply either, so one of them is required. */
    private static List<String> command(ContainerGroup group) throws UnitFileException {
        List<String> command = new ArrayList<>();
        Entry entrypoint = group.last("Entrypoint");
        if (entrypoint != null) {
            command.addAll(Entrypoint.parse(entrypoint));
        }
        Entry exec = group.last("Exec");
        if (exec != null) {
            command.addAll(ContainerGroup.split(exec));
        }
        if (command.isEmpty()) {
            throw new UnitFileException(group.unitPath(), 0, null, "[Container] needs Exec= or Entrypoint=: with"
                    + " Rootfs= there is no image to supply the command");
        }
        if (command.get(0).isEmpty()) {
            throw new UnitFileException(entrypoint != null ? entrypoint : exec, "the executable is empty");
        }
        return command;
    }

    private void applyUserNs(ContainerGroup group, String serviceName, Path rootfs, RunSpec spec)
            throws UnitFileException {
        Entry user = group.last("User");
        Entry primaryGroup = group.last("Group");
        if (primaryGroup != null && user == null) {
            throw new UnitFileException(primaryGroup, "Group= needs User= (as in Quadlet): add User=, e.g. User=0 to"
                    + " stay root with this group");
        }
        UserNsRequest request = new UserNsRequest(serviceName, group.last("UserNS"),
                group.words("UIDMap"), group.words("GIDMap"), group.last("SubUIDMap"), group.last("SubGIDMap"),
                user, primaryGroup, rootfs);
        ResolvedUserNs resolved;
        try {
            resolved = resolver.resolve(request);
        } catch (UnitFileException e) {
            if (e.line() > 0) {
                throw e; // names the unit's (or a drop-in's) line already
            }
            // A problem of /etc/subuid, say, that only this unit runs into: say which unit failed.
            throw new UnitFileException(group.unitPath(), 0, null, e.getMessage());
        }
        spec.uidMaps().addAll(resolved.uidMaps());
        spec.gidMaps().addAll(resolved.gidMaps());
        spec.user(resolved.user());
        spec.group(resolved.group());
        spec.passwdEntries().addAll(resolved.passwdEntries());
        spec.groupEntries().addAll(resolved.groupEntries());
    }

    private static void applyEnvironment(ContainerGroup group, HostPaths paths, RunSpec spec)
            throws UnitFileException {
        for (Entry entry : group.all("EnvironmentFile")) {
            for (String file : ContainerGroup.split(entry)) {
                spec.environmentFiles().add(paths.absolute(entry, file, "environment file"));
            }
        }
        spec.environmentHost(group.bool("EnvironmentHost", false));
        for (Entry entry : group.all("Environment")) {
            for (String word : ContainerGroup.split(entry)) {
                spec.environment().add(assignment(entry, word, "a variable name"));
            }
        }
    }

    private static void applyProcess(ContainerGroup group, RunSpec spec) throws UnitFileException {
        Entry workingDir = group.last("WorkingDir");
        if (workingDir != null) {
            if (!workingDir.value().startsWith("/")) {
                throw new UnitFileException(workingDir, "'" + workingDir.value()
                        + "' must be an absolute path inside the container");
            }
            spec.workingDir(workingDir.value());
        }
        Entry hostName = group.last("HostName");
        if (hostName != null) {
            spec.hostName(Names.hostName(hostName));
        }
        for (Entry entry : group.all("Network")) {
            spec.network(network(entry));
        }
        spec.addCapabilities().addAll(Capabilities.parse(group.all("AddCapability")));
        spec.dropCapabilities().addAll(Capabilities.parse(group.all("DropCapability")));
        spec.noNewPrivileges(group.bool("NoNewPrivileges", true));
        spec.readOnly(group.bool("ReadOnly", false));
        spec.readOnlyTmpfs(group.bool("ReadOnlyTmpfs", true));
        spec.init(group.bool("RunInit", false));
        spec.notifyFromContainer(notify(group.last("Notify")));
        Entry stopSignal = group.last("StopSignal");
        if (stopSignal != null) {
            spec.stopSignal(Signals.parse(stopSignal));
        }
        Entry stopTimeout = group.last("StopTimeout");
        if (stopTimeout != null) {
            spec.stopTimeoutSeconds(seconds(stopTimeout));
        }
        Entry timezone = group.last("Timezone");
        if (timezone != null) {
            spec.timezone(timezone(timezone));
        }
        for (Entry entry : group.all("Ulimit")) {
            spec.ulimits().add(Ulimits.parse(entry));
        }
    }

    private static void applyMetadata(ContainerGroup group, RunSpec spec) throws UnitFileException {
        putAll(group.all("Label"), spec.labels());
        putAll(group.all("Annotation"), spec.annotations());
    }

    private static void putAll(List<Entry> entries, Map<String, String> target) throws UnitFileException {
        for (Entry entry : entries) {
            for (String word : ContainerGroup.split(entry)) {
                String assignment = assignment(entry, word, "a key");
                int eq = assignment.indexOf('=');
                target.put(assignment.substring(0, eq), assignment.substring(eq + 1));
            }
        }
    }

    /** One {@code KEY=VALUE} word; the value may be empty, the key may not. */
    private static String assignment(Entry entry, String word, String keyName) throws UnitFileException {
        if (word.indexOf('=') <= 0) {
            throw new UnitFileException(entry, "'" + word + "' is not KEY=VALUE: write " + keyName
                    + ", '=' and the value (quote the whole word if the value has spaces)");
        }
        return word;
    }

    private static RunSpec.Network network(Entry entry) throws UnitFileException {
        return switch (entry.value().trim()) {
            case "host" -> RunSpec.Network.HOST;
            case "none" -> RunSpec.Network.NONE;
            default -> throw new UnitFileException(entry, "network '" + entry.value()
                    + "' is not supported: sublet supports Network=host (the host's network, the default) and"
                    + " Network=none (loopback only)");
        };
    }

    private static boolean notify(Entry entry) throws UnitFileException {
        if (entry == null) {
            return false;
        }
        if (entry.value().trim().equalsIgnoreCase("healthy")) {
            throw new UnitFileException(entry, "Notify=healthy is not supported (sublet has no health checks):"
                    + " use Notify=yes and have the payload send READY=1, or leave Notify= unset");
        }
        return ContainerGroup.parseBoolean(entry);
    }

    private static int seconds(Entry entry) throws UnitFileException {
        String value = entry.value().trim();
        try {
            if (value.chars().allMatch(Character::isDigit)) {
                return Integer.parseInt(value);
            }
        } catch (NumberFormatException e) {
            // too large, reported below
        }
        throw new UnitFileException(entry, "'" + value + "' is not a whole number of seconds, such as 10");
    }

    private static String timezone(Entry entry) throws UnitFileException {
        String value = entry.value().trim();
        if (!value.equals("local") && !Syntax.isTimezoneName(value)) {
            throw new UnitFileException(entry, "'" + value + "' is not a time zone: use local or a zone name such as"
                    + " Europe/Berlin");
        }
        return value;
    }
}

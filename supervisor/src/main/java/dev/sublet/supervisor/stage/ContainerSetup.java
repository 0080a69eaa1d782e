package dev.sublet.supervisor.stage;

import dev.sublet.common.RunSpec;
import dev.sublet.supervisor.sys.Linux;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the stage does as root of the new user namespace: decide (user, environment,
 * capabilities, limits) while host files are still reachable, build the mount tree, set the
 * hostname and loopback, pivot, and hand over to {@link PayloadExec}.
 */
final class ContainerSetup {

    private final RunSpec spec;
    private final HostSources sources;

    ContainerSetup(RunSpec spec, HostSources sources) {
        this.spec = spec;
        this.sources = sources;
    }

    void run() {
        loadWhatTheMountsHide();
        ContainerFilesystem filesystem = new ContainerFilesystem(spec, sources);
        filesystem.bindRoot();
        List<String> passwd = concat(filesystem.readLines("/etc/passwd"), spec.passwdEntries());
        List<String> group = concat(filesystem.readLines("/etc/group"), spec.groupEntries());
        ContainerUser user = new Accounts(passwd, group).resolve(spec.user(), spec.group());
        String hostName = spec.hostName() != null ? spec.hostName() : spec.name();
        ContainerEnvironment environment = environment(hostName, user, hostNotifySocket(spec));
        CapabilitySet capabilities = CapabilitySet.of(spec.addCapabilities(), spec.dropCapabilities());
        List<Ulimit> ulimits = new ArrayList<>();
        for (String ulimit : spec.ulimits()) {
            ulimits.add(Ulimit.parse(ulimit));
        }

        filesystem.mountAll(
                spec.passwdEntries().isEmpty() ? null : lines(passwd),
                spec.groupEntries().isEmpty() ? null : lines(group));
        Linux.sethostname(hostName);
        if (spec.network() == RunSpec.Network.NONE) {
            Linux.loopbackUp();
        }
        PayloadExec payload = new PayloadExec(command(), environment,
                spec.workingDir() != null ? spec.workingDir() : "/", user, capabilities, ulimits,
                spec.noNewPrivileges());
        filesystem.pivot();
        if (spec.init()) {
            nextPidIsTwo();
        }
        payload.run();
    }

    /**
     * This JVM's threads have taken PIDs 2..N of the new pid namespace; they end with the execve, and
     * resetting the namespace's PID cursor lets the init's first child be PID 2, as with Podman.
     */
    private static void nextPidIsTwo() {
        int fd = Linux.open("/proc/sys/kernel/ns_last_pid", Linux.O_WRONLY, 0);
        try {
            Linux.writeFully(fd, new byte[] {'1'});
        } finally {
            Linux.close(fd);
        }
    }

    /** With --init, the init runs the payload as its child (PID 2) and forwards signals to it. */
    private List<String> command() {
        if (!spec.init()) {
            return spec.command();
        }
        List<String> command = new ArrayList<>(List.of(InitProgram.CONTAINER_PATH, "--"));
        command.addAll(spec.command());
        return command;
    }

    /** With Notify=yes the payload talks to systemd itself, through the supervisor's socket. */
    static String hostNotifySocket(RunSpec spec) {
        String socket = System.getenv("NOTIFY_SOCKET");
        return spec.notifyFromContainer() && socket != null && !socket.isEmpty() ? socket : null;
    }

    private ContainerEnvironment environment(String hostName, ContainerUser user, String notifySocket) {
        Map<String, String> host = System.getenv();
        ContainerEnvironment environment = new ContainerEnvironment(hostName, user.home());
        if (spec.environmentHost()) {
            environment.addHost(host);
        }
        for (int i = 0; i < spec.environmentFiles().size(); i++) {
            environment.addFile(spec.environmentFiles().get(i), sources.environmentFiles.get(i), host);
        }
        environment.addAssignments(spec.environment());
        if (notifySocket != null) {
            // An abstract socket is reachable as it is when the network namespace is the host's.
            environment.notifySocket(notifySocket.startsWith("@") ? notifySocket : ContainerFilesystem.CONTAINER_NOTIFY_SOCKET);
        }
        return environment;
    }

    /**
     * From the rootfs bind on, the class path may be hidden (it is under /tmp in tests) and after
     * pivot_root it is gone: load every class still to run now (Linux.preload has loaded what the
     * native calls need).
     */
    private static void loadWhatTheMountsHide() {
        for (String name : StageMain.LOADED_BEFORE_MOUNTS) {
            try {
                Class.forName(name, true, ContainerSetup.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new StageFailure("cannot preload " + name + ": " + e);
            }
        }
        Linux.inBoundingSet(0);
        Linux.closeOnExecFrom(3);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static String lines(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }
}

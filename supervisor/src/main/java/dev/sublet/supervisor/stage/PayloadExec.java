package dev.sublet.supervisor.stage;

import dev.sublet.supervisor.sys.Linux;
import dev.sublet.supervisor.sys.Signals;
import dev.sublet.supervisor.sys.SysException;
import java.util.List;

/**
 * The last steps of the stage, after pivot_root: limits, capabilities, identity, workdir, then
 * execve of the payload. The JVM's jars are gone by now, so this class only calls code that
 * {@link StageMain} loaded before the pivot, and uses no lambdas.
 */
final class PayloadExec {

    private static final int ENOTDIR = 20;

    private final List<String> command;
    private final String[] envp;
    private final String searchPath;
    private final String workdir;
    private final ContainerUser user;
    private final CapabilitySet capabilities;
    private final List<Ulimit> ulimits;
    private final boolean noNewPrivileges;
    private int lastErrno;
    private String lastError;

    PayloadExec(List<String> command, ContainerEnvironment environment, String workdir, ContainerUser user,
            CapabilitySet capabilities, List<Ulimit> ulimits, boolean noNewPrivileges) {
        this.command = command;
        this.envp = environment.toEnvp();
        String path = environment.get("PATH");
        this.searchPath = path == null ? ContainerEnvironment.DEFAULT_PATH : path;
        this.workdir = workdir;
        this.user = user;
        this.capabilities = capabilities;
        this.ulimits = ulimits;
        this.noNewPrivileges = noNewPrivileges;
    }

    void run() {
        for (Ulimit limit : ulimits) {
            Linux.setrlimit(limit.resource(), limit.soft(), limit.hard());
        }
        becomeUser();
        try {
            Linux.chdir(workdir);
        } catch (SysException e) {
            throw new StageFailure("cannot enter the working directory: " + e.getMessage());
        }
        Linux.closeOnExecFrom(3);
        exec();
    }

    /**
     * Bounding set first (that needs CAP_SETPCAP), then groups and ids; a non-root user ends with
     * no capabilities at all, root with the container's set. Credential changes clear the parent
     * death signal, so it is armed again last.
     */
    private void becomeUser() {
        // Capabilities the kernel does not know read as absent, so every possible number is tried.
        for (int cap = 0; cap < 64; cap++) {
            if (!capabilities.contains(cap) && Linux.inBoundingSet(cap)) {
                Linux.dropFromBoundingSet(cap);
            }
        }
        Linux.clearAmbientCapabilities();
        try {
            Linux.setgroups(user.supplementaryGroups());
            Linux.setresgid(user.gid());
            Linux.setresuid(user.uid());
        } catch (SysException e) {
            throw new StageFailure("cannot switch to uid " + user.uid() + " gid " + user.gid()
                    + " (is it mapped by --uidmap/--gidmap?): " + e.getMessage());
        }
        long kept = user.uid() == 0 ? capabilities.mask() : 0;
        Linux.capset(kept, kept, 0);
        Linux.setParentDeathSignal(Signals.SIGKILL);
        if (noNewPrivileges) {
            Linux.setNoNewPrivileges();
        }
    }

    /** execvp(3)'s search: a name without '/' is tried in each PATH directory. */
    private void exec() {
        String program = command.get(0);
        String[] argv = command.toArray(new String[0]);
        if (program.indexOf('/') >= 0) {
            tryExec(program, argv);
            throw new StageFailure(program + ": " + lastError, exitStatusFor(lastErrno));
        }
        boolean denied = false;
        for (String directory : searchPath.split(":")) {
            tryExec((directory.isEmpty() ? "." : directory) + "/" + program, argv);
            if (lastErrno == Linux.EACCES) {
                denied = true;
            } else if (lastErrno != Linux.ENOENT && lastErrno != ENOTDIR) {
                throw new StageFailure(program + ": " + lastError, exitStatusFor(lastErrno));
            }
        }
        if (denied) {
            throw new StageFailure(program + ": permission denied", StageProtocol.EXIT_CANNOT_EXECUTE);
        }
        throw new StageFailure("executable file '" + program + "' not found in $PATH (" + searchPath + ") of the container",
                StageProtocol.EXIT_NOT_FOUND);
    }

    private void tryExec(String path, String[] argv) {
        try {
            Linux.execve(path, argv, envp);
        } catch (SysException e) {
            lastErrno = e.errno();
            lastError = Linux.describe(e.errno());
        }
    }

    private static int exitStatusFor(int errno) {
        return errno == Linux.ENOENT || errno == ENOTDIR ? StageProtocol.EXIT_NOT_FOUND : StageProtocol.EXIT_CANNOT_EXECUTE;
    }
}

package dev.sublet.supervisor.stage;

import static dev.sublet.supervisor.stage.StageProtocol.IDMAP_FD;
import static dev.sublet.supervisor.stage.StageProtocol.REPORT_FD;
import static dev.sublet.supervisor.stage.StageProtocol.SPEC_FD;
import static dev.sublet.supervisor.stage.StageProtocol.SYNC_FD;

import dev.sublet.common.RunArguments;
import dev.sublet.common.RunSpec;
import dev.sublet.common.VolumeSpec;
import dev.sublet.supervisor.sys.Linux;
import dev.sublet.supervisor.sys.SysException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The stage: started by {@code unshare} inside the container's new namespaces, it reports its host
 * PID, waits until the supervisor has written the id maps, builds the container (as root of the new
 * user namespace) and execve's the payload, which thereby becomes PID 1. See {@link StageProtocol}.
 */
public final class StageMain {

    private StageMain() {
    }

    public static void main(String[] args) {
        int errorFd = -1;
        try {
            Linux.preload();
            RunSpec spec = RunArguments.parse(StageProtocol.decode(Linux.readAll(SPEC_FD)));
            Linux.close(SPEC_FD);
            int[] execPipe = Linux.pipe(10);
            errorFd = execPipe[1];
            // /proc is still the host's here, so /proc/self names our host PID.
            String hostPid = Files.readSymbolicLink(Path.of("/proc/self")).toString();
            Linux.writeFully(REPORT_FD, (hostPid + " " + execPipe[0] + "\n").getBytes(StandardCharsets.US_ASCII));
            Linux.close(REPORT_FD);
            if (Linux.read(SYNC_FD, new byte[1]) != 1) {
                Runtime.getRuntime().halt(StageProtocol.EXIT_SETUP_FAILED);
            }
            Linux.close(SYNC_FD);
            Linux.close(execPipe[0]);
            long idmapped = spec.volumes().stream().filter(VolumeSpec::idmap).count();
            int[] idmappedMounts = idmapped == 0 ? new int[0] : Linux.receiveFds(IDMAP_FD, (int) idmapped);
            Linux.close(IDMAP_FD);
            HostSources sources = HostSources.open(spec, idmappedMounts);
            becomeNamespaceRoot();
            new ContainerSetup(spec, sources).run();
        } catch (StageFailure e) {
            fail(errorFd, e.getMessage(), e.exitStatus());
        } catch (SysException | IllegalArgumentException e) {
            fail(errorFd, e.getMessage(), StageProtocol.EXIT_SETUP_FAILED);
        } catch (IOException | RuntimeException | Error e) {
            fail(errorFd, e.toString(), StageProtocol.EXIT_SETUP_FAILED);
        }
    }

    /** With the maps written, the ambient capabilities unshare kept let us be the namespace's uid 0. */
    private static void becomeNamespaceRoot() {
        try {
            Linux.setresgid(0);
            Linux.setresuid(0);
        } catch (SysException e) {
            throw new StageFailure("cannot become root of the container's user namespace (do --uidmap and --gidmap map id 0?): "
                    + e.getMessage());
        }
    }

    /** Hands the message to the supervisor (which prints it) and exits without running shutdown hooks. */
    private static void fail(int errorFd, String message, int exitStatus) {
        try {
            if (errorFd >= 0) {
                Linux.writeFully(errorFd, message.getBytes(StandardCharsets.UTF_8));
            } else {
                System.err.println("sublet: " + message);
            }
        } finally {
            Runtime.getRuntime().halt(exitStatus);
        }
    }

    /** Everything the stage runs once the host's tree is covered (see ContainerSetup). */
    static final String[] LOADED_BEFORE_MOUNTS = {
        "dev.sublet.supervisor.stage.Accounts", "dev.sublet.supervisor.stage.CapabilitySet",
        "dev.sublet.supervisor.stage.ContainerEnvironment", "dev.sublet.supervisor.stage.ContainerFilesystem",
        "dev.sublet.supervisor.stage.ContainerUser", "dev.sublet.supervisor.stage.MountOptions",
        "dev.sublet.supervisor.stage.PayloadExec", "dev.sublet.supervisor.stage.RootedPaths",
        "dev.sublet.supervisor.stage.StageFailure", "dev.sublet.supervisor.stage.Ulimit",
        "dev.sublet.supervisor.sys.Linux", "dev.sublet.supervisor.sys.SysException",
        "dev.sublet.supervisor.sys.Signals", "dev.sublet.supervisor.sys.Syscall",
        "dev.sublet.common.TmpfsSpec", "dev.sublet.common.VolumeSpec",
    };

}

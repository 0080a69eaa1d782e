package dev.sublet.supervisor.run;

import dev.sublet.common.IdMapping;
import dev.sublet.common.RunArguments;
import dev.sublet.common.RunSpec;
import dev.sublet.supervisor.stage.StageFailure;
import dev.sublet.supervisor.sys.Linux;
import dev.sublet.supervisor.sys.SysException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code sublet run ARGS}: parses the contract and supervises one container. Prints nothing but
 * errors (one line each, {@code sublet run: …}); stdout and stderr belong to the payload.
 */
public final class RunCommand {

    private RunCommand() {
    }

    /** Returns the process exit status: the payload's, or 125 (podman's) when sublet itself fails. */
    public static int run(String[] args) {
        try {
            RunSpec spec = RunArguments.parse(Arrays.asList(args));
            validate(spec);
            return new Supervisor(spec).run();
        } catch (RunFailure e) {
            return fail(e.getMessage(), e.exitStatus());
        } catch (StageFailure e) {
            return fail(e.getMessage(), e.exitStatus());
        } catch (IllegalArgumentException | SysException e) {
            return fail(e.getMessage(), RunFailure.EXIT_SUPERVISOR_ERROR);
        }
    }

    private static void validate(RunSpec spec) {
        Path rootfs = Path.of(spec.rootfs());
        if (!rootfs.isAbsolute()) {
            throw new RunFailure("--rootfs " + rootfs + ": give an absolute path");
        }
        if (!Files.isDirectory(rootfs)) {
            throw new RunFailure("--rootfs " + rootfs + ": no such directory");
        }
        if (spec.uidMaps().isEmpty() != spec.gidMaps().isEmpty()) {
            throw new RunFailure("give both --uidmap and --gidmap, or neither");
        }
        if (spec.uidMaps().isEmpty()) {
            // Without maps: root keeps the host's ids, a normal user is root of the container alone.
            boolean root = Linux.getuid() == 0;
            spec.uidMaps().add(root ? new IdMapping(0, 0, IdMapping.MAX_ID) : new IdMapping(0, Linux.getuid(), 1));
            spec.gidMaps().add(root ? new IdMapping(0, 0, IdMapping.MAX_ID) : new IdMapping(0, Linux.getgid(), 1));
        }
    }

    private static int fail(String message, int exitStatus) {
        System.err.println("sublet run: " + message);
        return exitStatus;
    }
}

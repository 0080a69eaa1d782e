package dev.sublet.supervisor.run;

import dev.sublet.common.RunSpec;
import dev.sublet.common.VolumeSpec;
import dev.sublet.supervisor.sys.Linux;
import dev.sublet.supervisor.sys.SysException;
import java.util.ArrayList;
import java.util.List;

/**
 * The mounts of {@code --volume SRC:DST:idmap}: a detached copy of SRC, idmapped with the container's
 * user namespace, so that a file owned by host id N shows as container id N and the container's id N
 * writes as host id N. Made here, in the initial user namespace, because the kernel allows it only
 * with CAP_SYS_ADMIN there (root); the stage attaches them (see StageProtocol).
 */
final class IdmappedVolumes {

    private static final int EINVAL = 22;

    private IdmappedVolumes() {
    }

    static List<VolumeSpec> of(RunSpec spec) {
        return spec.volumes().stream().filter(VolumeSpec::idmap).toList();
    }

    /** Fails before anything starts when idmapped mounts are asked for but cannot be made. */
    static void checkPossible(RunSpec spec, boolean root) {
        if (!root && !of(spec).isEmpty()) {
            throw new RunFailure("volume " + of(spec).get(0).toArg() + ": idmap needs root: the kernel makes idmapped"
                    + " mounts only with CAP_SYS_ADMIN in the initial user namespace; use :U to chown the source instead");
        }
    }

    /** One detached mount fd per idmap volume, in the spec's order; the caller closes them. */
    static int[] create(RunSpec spec, long stagePid) {
        List<VolumeSpec> volumes = of(spec);
        List<Integer> mounts = new ArrayList<>();
        int userns = Linux.open("/proc/" + stagePid + "/ns/user", Linux.O_RDONLY, 0);
        try {
            for (VolumeSpec volume : volumes) {
                mounts.add(create(volume, userns));
            }
        } catch (RuntimeException e) {
            mounts.forEach(Linux::close);
            throw e;
        } finally {
            Linux.close(userns);
        }
        return mounts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int create(VolumeSpec volume, int userns) {
        int mount;
        try {
            mount = Linux.cloneMount(volume.source());
        } catch (SysException e) {
            throw new RunFailure("volume " + volume.toArg() + ": " + e.getMessage());
        }
        try {
            Linux.idmapMount(mount, userns);
            return mount;
        } catch (SysException e) {
            Linux.close(mount);
            String why = e.errno() == EINVAL ? "the file system of " + volume.source()
                    + " does not support idmapped mounts (" + e.getMessage() + "); use :U instead" : e.getMessage();
            throw new RunFailure("volume " + volume.toArg() + ": " + why);
        }
    }
}

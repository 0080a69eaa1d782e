package dev.sublet.supervisor.stage;

import dev.sublet.common.RunSpec;
import dev.sublet.common.VolumeSpec;
import dev.sublet.supervisor.sys.Linux;
import dev.sublet.supervisor.sys.SysException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host files the container is built from, opened while the stage still has the user's host
 * uid. Once it becomes root of the namespace it is a subordinate id (in nomap and auto modes), which
 * may not traverse the user's 0700 home; O_PATH fds opened before keep working, and a bind mount
 * from /proc/self/fd/N is made from the very file that was checked.
 */
final class HostSources {

    final int rootfs;
    /** Per volume an O_PATH fd on its source, or for an idmap volume the detached idmapped mount. */
    final List<Integer> volumes = new ArrayList<>();
    final List<Boolean> volumeIsDirectory = new ArrayList<>();
    final int notifySocket;
    /** The host's static init for {@code --init}, or -1. */
    final int init;
    final List<List<String>> environmentFiles = new ArrayList<>();

    private HostSources(int rootfs, int notifySocket, int init) {
        this.rootfs = rootfs;
        this.notifySocket = notifySocket;
        this.init = init;
    }

    /** {@code idmappedMounts}: the supervisor's detached mounts for the idmap volumes, in their order. */
    static HostSources open(RunSpec spec, int[] idmappedMounts) {
        int rootfs = openPath(spec.rootfs(), "rootfs", true);
        // An abstract socket ('@name') has no file to bind; it is reachable as it is (host network).
        String notifySocket = ContainerSetup.hostNotifySocket(spec);
        int notify = notifySocket == null || notifySocket.startsWith("@") ? -1 : openPath(notifySocket, "notify socket", false);
        HostSources sources = new HostSources(rootfs, notify, spec.init() ? InitProgram.open() : -1);
        int idmapped = 0;
        for (VolumeSpec volume : spec.volumes()) {
            sources.volumes.add(volume.idmap() ? idmappedMounts[idmapped++] : openPath(volume.source(), "volume source", false));
            sources.volumeIsDirectory.add(Files.isDirectory(Path.of(volume.source())));
        }
        for (String file : spec.environmentFiles()) {
            try {
                sources.environmentFiles.add(Files.readAllLines(Path.of(file), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new StageFailure("cannot read environment file " + file + ": " + e);
            }
        }
        return sources;
    }

    private static int openPath(String path, String what, boolean directory) {
        try {
            return Linux.open(path, Linux.O_PATH | (directory ? Linux.O_DIRECTORY : 0), 0);
        } catch (SysException e) {
            throw new StageFailure(what + " " + path + ": " + Linux.describe(e.errno()));
        }
    }
}

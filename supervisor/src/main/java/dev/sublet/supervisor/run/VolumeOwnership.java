package dev.sublet.supervisor.run;

import dev.sublet.common.IdMapping;
import dev.sublet.common.RunSpec;
import dev.sublet.common.VolumeSpec;
import dev.sublet.supervisor.stage.Accounts;
import dev.sublet.supervisor.stage.ContainerUser;
import dev.sublet.supervisor.stage.RootedPaths;
import dev.sublet.supervisor.sys.Linux;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Volume option {@code U}: the source is chowned, recursively and never through a symlink, to the
 * container user's host ids. coreutils {@code chown -R -P -h} walks with fds (fts), so a symlink
 * swapped in during the walk is changed itself, not followed. A normal user cannot chown to
 * subordinate ids on the host, so rootless it runs in a helper user namespace where 0 is the user
 * and the container's host ranges are mapped to themselves.
 */
final class VolumeOwnership {

    private final RunSpec spec;
    private final boolean root;

    VolumeOwnership(RunSpec spec, boolean root) {
        this.spec = spec;
        this.root = root;
    }

    void apply() {
        List<VolumeSpec> volumes = spec.volumes().stream().filter(VolumeSpec::chown).toList();
        if (volumes.isEmpty()) {
            return;
        }
        ContainerUser user = containerUser();
        long hostUid = toHost(spec.uidMaps(), user.uid(), "uid");
        long hostGid = toHost(spec.gidMaps(), user.gid(), "gid");
        for (VolumeSpec volume : volumes) {
            if (!Files.exists(Path.of(volume.source()), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new RunFailure("volume source " + volume.source() + " does not exist");
            }
            if (root) {
                run(List.of("chown", "-R", "-P", "-h", hostUid + ":" + hostGid, "--", volume.source()), null, volume);
            } else {
                chownInHelperNamespace(volume, hostUid, hostGid);
            }
        }
    }

    /** The container user as the stage will resolve it, from the rootfs's files read inside the rootfs. */
    private ContainerUser containerUser() {
        int rootFd = Linux.open(spec.rootfs(), Linux.O_PATH | Linux.O_DIRECTORY, 0);
        try {
            RootedPaths paths = new RootedPaths(rootFd);
            List<String> passwd = new ArrayList<>(read(paths, "/etc/passwd"));
            passwd.addAll(spec.passwdEntries());
            List<String> group = new ArrayList<>(read(paths, "/etc/group"));
            group.addAll(spec.groupEntries());
            return new Accounts(passwd, group).resolve(spec.user(), spec.group());
        } finally {
            Linux.close(rootFd);
        }
    }

    private static List<String> read(RootedPaths paths, String path) {
        int fd = paths.openExisting(path);
        if (fd < 0) {
            return List.of();
        }
        try {
            return Files.readAllLines(Path.of(RootedPaths.procPath(fd)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RunFailure("cannot read " + path + " of the rootfs: " + e.getMessage());
        } finally {
            Linux.close(fd);
        }
    }

    static long toHost(List<IdMapping> map, long containerId, String kind) {
        for (IdMapping mapping : map) {
            if (containerId >= mapping.containerId() && containerId < mapping.containerEnd()) {
                return mapping.hostId() + containerId - mapping.containerId();
            }
        }
        throw new RunFailure("volume option U: container " + kind + " " + containerId + " is not mapped by --" + kind + "map");
    }

    /**
     * The helper namespace maps 0 to the user and every container host range (minus the user's own
     * id) to itself, so inside it the target ids are the host ids themselves.
     */
    private void chownInHelperNamespace(VolumeSpec volume, long hostUid, long hostGid) {
        long uid = Linux.getuid();
        long gid = Linux.getgid();
        String owner = (hostUid == uid ? 0 : hostUid) + ":" + (hostGid == gid ? 0 : hostGid);
        run(List.of("unshare", "--user", "--", "/bin/sh", "-c", "echo ready && read go && exec chown -R -P -h \"$0\" -- \"$1\"",
                owner, volume.source()), new HelperMaps(helperMap(spec.uidMaps(), uid), helperMap(spec.gidMaps(), gid)), volume);
    }

    record HelperMaps(List<IdMapping> uid, List<IdMapping> gid) {
    }

    static List<IdMapping> helperMap(List<IdMapping> containerMap, long own) {
        List<IdMapping> lines = new ArrayList<>(List.of(new IdMapping(0, own, 1)));
        for (IdMapping mapping : containerMap) {
            long start = mapping.hostId();
            long end = mapping.hostEnd();
            if (own >= start && own < end) {
                if (own > start) {
                    lines.add(new IdMapping(start, start, own - start));
                }
                if (own + 1 < end) {
                    lines.add(new IdMapping(own + 1, own + 1, end - own - 1));
                }
            } else {
                lines.add(new IdMapping(start, start, mapping.size()));
            }
        }
        return lines;
    }

    private static void run(List<String> command, HelperMaps maps, VolumeSpec volume) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (maps != null) {
                byte[] ready = process.getInputStream().readNBytes(6);
                if (new String(ready, StandardCharsets.US_ASCII).equals("ready\n")) {
                    try {
                        IdMapWriter.runHelper(IdMapWriter.NEWGIDMAP, process.pid(), maps.gid(), "--gidmap");
                        IdMapWriter.runHelper(IdMapWriter.NEWUIDMAP, process.pid(), maps.uid(), "--uidmap");
                    } catch (RunFailure e) {
                        process.destroyForcibly();
                        throw e;
                    }
                }
                try (OutputStream go = process.getOutputStream()) {
                    go.write('\n');
                }
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor() != 0) {
                throw new RunFailure("volume " + volume.toArg() + ": cannot change the owner of the source: " + output);
            }
        } catch (IOException e) {
            throw new RunFailure("volume " + volume.toArg() + ": cannot run chown: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailure("interrupted while changing the owner of " + volume.source());
        }
    }
}

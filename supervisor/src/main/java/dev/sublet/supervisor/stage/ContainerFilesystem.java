package dev.sublet.supervisor.stage;

import static dev.sublet.supervisor.sys.Linux.MS_BIND;
import static dev.sublet.supervisor.sys.Linux.MS_NODEV;
import static dev.sublet.supervisor.sys.Linux.MS_NOEXEC;
import static dev.sublet.supervisor.sys.Linux.MS_NOSUID;
import static dev.sublet.supervisor.sys.Linux.MS_RDONLY;
import static dev.sublet.supervisor.sys.Linux.MS_REC;
import static dev.sublet.supervisor.stage.RootedPaths.procPath;

import dev.sublet.common.RunSpec;
import dev.sublet.common.TmpfsSpec;
import dev.sublet.common.VolumeSpec;
import dev.sublet.supervisor.sys.Linux;
import dev.sublet.supervisor.sys.SysException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the container's mount tree inside the stage's private mount namespace and pivots into
 * it. Every mount target is resolved inside the rootfs by {@link RootedPaths}; a target is re-opened
 * after something is mounted on it, because an fd opened before refers to the covered directory.
 */
final class ContainerFilesystem {

    /** Where the payload finds the supervisor's notify socket with {@code Notify=yes}. */
    public static final String CONTAINER_NOTIFY_SOCKET = "/run/notify/notify.sock";

    private static final String[] HOST_DEVICES = {"null", "zero", "full", "random", "urandom", "tty"};

    private static final String SCRATCH_ROOT = "/tmp";

    private final RunSpec spec;
    private final HostSources sources;
    private int rootFd = -1;
    private RootedPaths paths;

    ContainerFilesystem(RunSpec spec, HostSources sources) {
        this.spec = spec;
        this.sources = sources;
    }

    /**
     * Makes the mount tree private and binds the rootfs as the future root. It is bound onto the
     * host's /tmp, a directory that exists everywhere and that nothing later reads by path: a mount
     * point is needed to reach the new mount (a /proc/self/fd link leads to the covered directory).
     */
    public void bindRoot() {
        Linux.mount(null, "/", null, MS_REC | Linux.MS_PRIVATE, null);
        Linux.mount(procPath(sources.rootfs), SCRATCH_ROOT, null, MS_BIND | MS_REC, null);
        rootFd = Linux.open(SCRATCH_ROOT, Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_NOFOLLOW, 0);
        paths = new RootedPaths(rootFd);
    }

    /** Lines of a file of the rootfs (resolved inside it), empty if it does not exist. */
    public List<String> readLines(String path) {
        int fd = paths.openExisting(path);
        if (fd < 0) {
            return List.of();
        }
        try {
            return Files.readAllLines(Path.of(procPath(fd)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StageFailure("cannot read " + path + " in the rootfs: " + e.getMessage());
        } finally {
            Linux.close(fd);
        }
    }

    /**
     * Mounts everything the container sees. {@code passwd}/{@code group} are the full contents to show
     * at /etc/passwd and /etc/group, or null to leave the rootfs's files alone.
     */
    public void mountAll(String passwd, String group) {
        if (passwd != null || group != null) {
            overlayAccountFiles(passwd, group);
        }
        mountDev();
        mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, null);
        mountSys();
        if (spec.readOnly() && spec.readOnlyTmpfs()) {
            mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
            mount("tmpfs", "/var/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
            mount("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=755");
        }
        for (TmpfsSpec tmpfs : spec.tmpfs()) {
            MountOptions options = MountOptions.forTmpfs(tmpfs.options());
            mount("tmpfs", tmpfs.destination(), "tmpfs", options.flags(), options.data());
        }
        for (int i = 0; i < spec.volumes().size(); i++) {
            bindVolume(spec.volumes().get(i), sources.volumes.get(i), sources.volumeIsDirectory.get(i));
        }
        if (spec.timezone() != null) {
            bindTimezone(spec.timezone());
        }
        if (sources.notifySocket >= 0) {
            bind(procPath(sources.notifySocket), CONTAINER_NOTIFY_SOCKET, false, false);
        }
        if (spec.readOnly()) {
            // The root mount alone: /dev, /proc, the tmpfs mounts and volumes keep their own modes.
            Linux.makeReadOnly(rootFd, false);
        }
    }

    /** pivot_root into the container root and detach the host's tree. */
    public void pivot() {
        Linux.fchdir(rootFd);
        Linux.pivotRootHere();
        Linux.umount(".", Linux.MNT_DETACH);
        Linux.chdir("/");
    }

    /**
     * The passwd/group copies live on a scratch tmpfs mounted at the container's /dev and bound over
     * the rootfs's files; the real /dev tmpfs then hides the scratch. The rootfs on disk is untouched.
     */
    private void overlayAccountFiles(String passwd, String group) {
        mount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755");
        int scratch = paths.openExisting("/dev");
        try {
            writeScratch(scratch, "passwd", passwd);
            writeScratch(scratch, "group", group);
            if (passwd != null) {
                bindFrom(procPath(scratch) + "/passwd", "/etc/passwd", false);
            }
            if (group != null) {
                bindFrom(procPath(scratch) + "/group", "/etc/group", false);
            }
        } finally {
            Linux.close(scratch);
        }
    }

    private static void writeScratch(int dirFd, String name, String content) {
        if (content == null) {
            return;
        }
        try {
            Files.writeString(Path.of(procPath(dirFd), name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StageFailure("cannot write the container's /etc/" + name + ": " + e.getMessage());
        }
    }

    private void mountDev() {
        mount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755,size=65536k");
        int dev = paths.openExisting("/dev");
        try {
            String devPath = procPath(dev);
            for (String device : HOST_DEVICES) {
                Linux.close(Linux.openat(dev, device, Linux.O_CREAT | Linux.O_EXCL | Linux.O_WRONLY | Linux.O_NOFOLLOW, 0666));
                Linux.mount("/dev/" + device, devPath + "/" + device, null, MS_BIND, null);
            }
            Linux.mkdirat(dev, "pts", 0755);
            Linux.mount("devpts", devPath + "/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620");
            Linux.mkdirat(dev, "shm", 01777);
            Linux.mount("shm", devPath + "/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k");
            Linux.symlinkat("pts/ptmx", dev, "ptmx");
            Linux.symlinkat("/proc/self/fd", dev, "fd");
            Linux.symlinkat("/proc/self/fd/0", dev, "stdin");
            Linux.symlinkat("/proc/self/fd/1", dev, "stdout");
            Linux.symlinkat("/proc/self/fd/2", dev, "stderr");
        } finally {
            Linux.close(dev);
        }
        if (sources.init >= 0) {
            // Its own mount: exec is allowed there although the /dev tmpfs is noexec.
            bind(procPath(sources.init), InitProgram.CONTAINER_PATH, true, false);
        }
    }

    /**
     * A fresh sysfs needs a network namespace of our own; with the host's network the host's /sys is
     * bound instead. Either way read-only.
     */
    private void mountSys() {
        if (spec.network() == RunSpec.Network.NONE) {
            mount("sysfs", "/sys", "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, null);
        } else {
            bind("/sys", "/sys", true, true);
        }
    }

    private void bindVolume(VolumeSpec volume, int sourceFd, boolean directory) {
        if (volume.idmap()) {
            attach(sourceFd, volume.destination(), volume.readOnly(), directory);
        } else {
            bind(procPath(sourceFd), volume.destination(), volume.readOnly(), directory);
        }
    }

    private void bindTimezone(String zone) {
        String source = zone.equals("local") ? "/etc/localtime" : "/usr/share/zoneinfo/" + zone;
        if (zone.contains("..") || !Files.isRegularFile(Path.of(source))) {
            throw new StageFailure("timezone '" + zone + "': no such zone on the host (" + source + ")");
        }
        bind(source, "/etc/localtime", true, false);
    }

    private void bind(String hostSource, String destination, boolean readOnly, boolean directory) {
        int target = paths.openOrCreate(destination, directory);
        try {
            Linux.mount(hostSource, procPath(target), null, MS_BIND | MS_REC, null);
        } finally {
            Linux.close(target);
        }
        if (readOnly) {
            remountReadOnly(destination);
        }
    }

    /** Makes the mount now on {@code destination} read-only, reopened so the new mount is the one changed. */
    private void remountReadOnly(String destination) {
        int mounted = paths.openExisting(destination);
        try {
            remountReadOnly(mounted);
        } finally {
            Linux.close(mounted);
        }
    }

    /** Moves a detached mount (an idmapped volume) onto its target, resolved inside the rootfs. */
    private void attach(int mountFd, String destination, boolean readOnly, boolean directory) {
        int target = paths.openOrCreate(destination, directory);
        try {
            Linux.moveMountOnto(mountFd, target);
        } catch (SysException e) {
            throw new StageFailure("cannot mount the idmapped volume on " + destination + ": " + e.getMessage());
        } finally {
            Linux.close(target);
        }
        if (readOnly) {
            remountReadOnly(destination);
        }
    }

    private void bindFrom(String source, String destination, boolean directory) {
        int target = paths.openOrCreate(destination, directory);
        try {
            Linux.mount(source, procPath(target), null, MS_BIND, null);
        } finally {
            Linux.close(target);
        }
    }

    /** Recursively: a read-only bind must not leave writable mounts below it (the cgroup tree under /sys). */
    private static void remountReadOnly(int fd) {
        Linux.makeReadOnly(fd, true);
    }

    private void mount(String source, String destination, String type, long flags, String data) {
        int target = paths.openOrCreate(destination, true);
        try {
            Linux.mount(source, procPath(target), type, flags, data);
        } catch (SysException e) {
            throw new StageFailure("cannot mount " + type + " on " + destination + ": " + e.getMessage());
        } finally {
            Linux.close(target);
        }
    }

}

package dev.sublet.supervisor.run;

import dev.sublet.common.IdMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A private copy of the shared busybox rootfs that one test may plant symlinks, setuid files or
 * mount points in, and directories "outside" it. Outside directories live under /var/tmp, not /tmp:
 * the stage binds the rootfs onto its own /tmp, so a symlink naively followed into /tmp there would
 * land back inside the rootfs and an escape would go unnoticed.
 */
final class ScratchRootfs {

    private static final List<Path> CREATED = new ArrayList<>();

    final Path dir;

    private ScratchRootfs(Path dir) {
        this.dir = dir;
    }

    static ScratchRootfs copyOf(SubletRunner runner) throws IOException {
        Path parent = directory(Path.of("/tmp"), "sublet-scratch");
        Path dir = parent.resolve("rootfs");
        SubletRunner.run("cp", "-a", runner.rootfs().toString(), dir.toString());
        return new ScratchRootfs(dir);
    }

    /** A host directory outside every rootfs, holding one marker file. */
    static Path outsideDirectory() throws IOException {
        Path dir = directory(Path.of("/var/tmp"), "sublet-outside");
        Files.writeString(dir.resolve("host-marker"), "host");
        return dir;
    }

    /**
     * A world-readable directory, removed by {@link #removeAll} after each test: directories left to
     * shutdown hooks (as SubletRunner's are) were measured to stay behind after a surefire run.
     */
    static synchronized Path directory(Path parent, String prefix) throws IOException {
        Path dir = Files.createTempDirectory(parent, prefix);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        CREATED.add(dir);
        return dir;
    }

    static synchronized void removeAll() throws IOException {
        for (Path dir : CREATED) {
            SubletRunner.run("rm", "-rf", "--one-file-system", dir.toString());
        }
        CREATED.clear();
    }

    /** {@code path} inside this rootfs, for an absolute container path. */
    Path inside(String containerPath) {
        return dir.resolve(containerPath.replaceFirst("^/+", ""));
    }

    void symlink(String containerPath, String target) throws IOException {
        Files.createSymbolicLink(inside(containerPath), Path.of(target));
    }

    /** {@code ../} enough times to climb from {@code containerPath}'s directory to the host's root. */
    String climbToHostRoot() {
        return "../".repeat(dir.getNameCount() + 2);
    }

    List<String> args(List<IdMapping> map, List<String> options, String... payload) {
        return args(dir, map, options, payload);
    }

    static List<String> args(Path rootfs, List<IdMapping> map, List<String> options, String... payload) {
        List<String> args = new ArrayList<>(List.of("--name", "escape", "--rootfs", rootfs.toString()));
        args.addAll(SubletRunner.mapArgs(map));
        args.addAll(options);
        args.add("--");
        args.addAll(List.of(payload));
        return args;
    }

    /** The host's own mount table, to show nothing a container did was mounted on the host. */
    static String hostMounts() throws IOException {
        return Files.readString(Path.of("/proc/self/mountinfo"));
    }

    static List<String> listing(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

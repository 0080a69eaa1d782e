package dev.sublet.supervisor.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.common.IdMapping;
import dev.sublet.supervisor.run.SubletRunner.As;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Symlinks that point out of the rootfs (absolute and {@code ..}) never make a mount, a mount point
 * or a {@code U} chown land outside it, and a setuid binary gives nothing beyond the mapped range.
 */
class EscapeSystemTest {

    private static final Duration END = Duration.ofSeconds(60);

    @AfterEach
    void removeDirectories() throws IOException {
        ScratchRootfs.removeAll();
    }

    /**
     * The links' targets exist both on the host and, at the same path, inside the rootfs: resolved in
     * the container's root they lead to the rootfs's directory, followed on the host to the outside one.
     */
    @ParameterizedTest
    @EnumSource(As.class)
    void aVolumeMountedThroughASymlinkLandsInsideTheRootfs(As as) throws IOException {
        SubletRunner runner = SubletRunner.as(as);
        ScratchRootfs rootfs = ScratchRootfs.copyOf(runner);
        Path outside = ScratchRootfs.outsideDirectory();
        Files.createDirectories(rootfs.inside(outside.toString()));
        rootfs.symlink("/absolute", outside.toString());
        rootfs.symlink("/relative", rootfs.climbToHostRoot() + outside);
        Path volume = volumeWithMarker(runner);
        String mountsBefore = ScratchRootfs.hostMounts();

        for (String link : List.of("/absolute", "/relative")) {
            SubletProcess container = runner.start(rootfs.args(runner.hostMode(), List.of("--volume", volume + ":" + link),
                    "/bin/sh", "-c", "cat " + link + "/volume-marker && touch " + link + "/written && exec sleep 60"));
            container.payloadHostPid("sleep 60", END);
            assertEquals(mountsBefore, ScratchRootfs.hostMounts(), link + ": the host's mount table changed");
            container.kill();
            container.waitFor(END);
            assertEquals("from the volume", container.stdout().strip(), link + ": " + container.stderr());
            assertTrue(Files.exists(volume.resolve("written")), link + ": the write went to the volume");
            Files.delete(volume.resolve("written"));
        }
        assertEquals(List.of("host-marker"), ScratchRootfs.listing(outside));
        assertEquals(List.of(), ScratchRootfs.listing(rootfs.inside(outside.toString())), "the covered directory in the rootfs");
    }

    /** A mount point below a symlink whose in-root target is missing: refused, and nothing is created outside. */
    @ParameterizedTest
    @EnumSource(As.class)
    void aMountPointBehindADanglingSymlinkIsRefusedWithoutCreatingAnythingOutside(As as) throws IOException {
        SubletRunner runner = SubletRunner.as(as);
        ScratchRootfs rootfs = ScratchRootfs.copyOf(runner);
        Path outside = ScratchRootfs.outsideDirectory();
        rootfs.symlink("/absolute", outside.toString());
        rootfs.symlink("/relative", rootfs.climbToHostRoot() + outside);
        Path volume = volumeWithMarker(runner);

        for (String link : List.of("/absolute", "/relative")) {
            SubletProcess container = runner.start(rootfs.args(runner.hostMode(),
                    List.of("--volume", volume + ":" + link + "/created"), "/bin/true"));
            assertEquals(125, container.waitFor(END), link + ": " + container.stderr());
            assertTrue(container.stderr().contains(link + "/created") && container.stderr().contains("symlink"), container.stderr());
        }
        assertEquals(List.of("host-marker"), ScratchRootfs.listing(outside));
    }

    /**
     * The rootfs path is itself a symlink, and the rootfs's /proc and /dev are symlinks out of it:
     * proc and the /dev tmpfs are mounted where the links lead inside the rootfs, the host is untouched.
     */
    @ParameterizedTest
    @EnumSource(As.class)
    void aSymlinkedRootfsWithSymlinkedProcAndDevMountsInsideIt(As as) throws IOException {
        SubletRunner runner = SubletRunner.as(as);
        ScratchRootfs rootfs = ScratchRootfs.copyOf(runner);
        Path outsideProc = ScratchRootfs.outsideDirectory();
        Path outsideDev = ScratchRootfs.outsideDirectory();
        SubletRunner.run("rm", "-rf", rootfs.inside("/proc").toString(), rootfs.inside("/dev").toString());
        rootfs.symlink("/proc", outsideProc.toString());
        rootfs.symlink("/dev", rootfs.climbToHostRoot() + outsideDev);
        Files.createDirectories(rootfs.inside(outsideProc.toString()));
        Files.createDirectories(rootfs.inside(outsideDev.toString()));
        Path link = rootfs.dir.resolveSibling("rootfs-link");
        Files.createSymbolicLink(link, rootfs.dir);
        String mountsBefore = ScratchRootfs.hostMounts();

        SubletProcess container = runner.start(ScratchRootfs.args(link, runner.hostMode(), List.of(), "/bin/sh", "-c",
                "tr '\\0' ' ' </proc/1/cmdline; echo; echo x >/dev/null && ls /dev/null; exec sleep 60"));
        container.payloadHostPid("sleep 60", END);
        assertEquals(mountsBefore, ScratchRootfs.hostMounts(), "the host's mount table changed");
        assertEquals(List.of("host-marker"), ScratchRootfs.listing(outsideProc));
        assertEquals(List.of("host-marker"), ScratchRootfs.listing(outsideDev));
        container.kill();
        container.waitFor(END);
        assertEquals(List.of("/bin/sh -c " + "tr '\\0' ' ' </proc/1/cmdline; echo; echo x >/dev/null && ls /dev/null; exec sleep 60 ",
                "/dev/null"), container.stdout().lines().toList(), container.stderr());
    }

    /** {@code U} changes the volume's files and its symlinks themselves, never what the symlinks point to. */
    @ParameterizedTest
    @EnumSource(As.class)
    void theUOptionNeverFollowsSymlinks(As as) throws IOException {
        SubletRunner runner = SubletRunner.as(as);
        Path outside = ScratchRootfs.outsideDirectory();
        Path rootsFile = Files.writeString(outside.resolve("roots-file"), "root");
        Path usersFile = Files.writeString(outside.resolve("users-file"), "user");
        Path usersDir = Files.createDirectory(outside.resolve("users-dir"));
        Path nested = Files.writeString(usersDir.resolve("nested"), "user");
        SubletRunner.run("chown", "-R", runner.uid + ":" + runner.gid,
                usersFile.toString(), usersDir.toString());
        Path volume = volumeWithMarker(runner);
        Path toRoots = Files.createSymbolicLink(volume.resolve("to-roots-file"), rootsFile);
        Path toUsers = Files.createSymbolicLink(volume.resolve("to-users-file"), usersFile);
        Path toDir = Files.createSymbolicLink(volume.resolve("to-users-dir"), usersDir);
        SubletRunner.run("chown", "-h", runner.uid + ":" + runner.gid, toRoots.toString(), toUsers.toString(), toDir.toString());

        List<IdMapping> auto = runner.autoMode(20480, 1024);
        SubletProcess container = runner.run(auto, List.of("--volume", volume + ":/home:U"), "/bin/true");
        assertEquals(0, container.waitFor(END), container.stderr());

        long mapped = auto.get(0).hostId();
        for (Path changed : List.of(volume, volume.resolve("volume-marker"), toRoots, toUsers, toDir)) {
            assertEquals(mapped, SubletProcess.fileOwner(changed), changed + " in the volume");
        }
        assertEquals(0, SubletProcess.fileOwner(rootsFile));
        for (Path untouched : List.of(usersFile, usersDir, nested)) {
            assertEquals(runner.uid, SubletProcess.fileOwner(untouched), untouched + " outside the volume");
        }
    }

    /**
     * busybox drops a setuid root's privileges unless /etc/busybox.conf (owned by root, not writable
     * by others) grants them, so the rootfs's conf grants them to {@code sh}: only no_new_privs and
     * the map then stand between the payload and privilege.
     */
    @ParameterizedTest
    @EnumSource(As.class)
    void aSetuidRootBinaryGivesNothingBeyondTheMappedRange(As as) throws IOException {
        SubletRunner runner = SubletRunner.as(as);
        List<IdMapping> auto = runner.autoMode(24576, 2048);
        long containerRoot = auto.get(0).hostId();
        ScratchRootfs rootfs = ScratchRootfs.copyOf(runner);
        Path setuid = Files.createDirectory(rootfs.inside("/setuid")).resolve("busybox");
        Files.copy(Path.of("/usr/bin/busybox"), setuid);
        Path conf = Files.writeString(rootfs.inside("/etc/busybox.conf"), "[SUID]\nsh = ssx 0.0\n");
        SubletRunner.run("chown", containerRoot + ":" + containerRoot, setuid.toString(), conf.toString());
        SubletRunner.run("chmod", "4755", setuid.toString());
        SubletRunner.run("chmod", "644", conf.toString());
        String script = "while read key real effective rest; do [ $key = Uid: ] && echo $real $effective; done </proc/self/status;"
                + " sleep 60; exit"; // not a last command, which sh would exec (and busybox's sleep drops privileges)

        // no_new_privs: exec leaves the effective uid at 1000, and busybox's own switch to root is refused.
        SubletProcess refused = runner.start(rootfs.args(auto, List.of("--user", "1000"), "/setuid/busybox", "sh", "-c", script));
        assertEquals(1, refused.waitFor(END), refused.stderr());
        assertTrue(refused.stderr().startsWith("sh: setresuid: Operation not permitted"), refused.stderr());
        assertEquals("", refused.stdout());
        SubletProcess id = runner.start(rootfs.args(auto, List.of("--user", "1000"), "/setuid/busybox", "id", "-u"));
        assertEquals(0, id.waitFor(END), id.stderr());
        assertEquals("1000", id.stdout().strip(), id.stderr());

        long[] allowed = hostUids(runner, rootfs, auto, List.of("--user", "1000", "--allow-new-privileges"), script);
        assertEquals(List.of(containerRoot + 1000, containerRoot), List.of(allowed[0], allowed[1]),
                "the setuid bit works, and gives the container's root: a subordinate id");
        assertFalse(allowed[1] == 0 || allowed[1] == runner.uid);
    }

    /**
     * The user's home and a 0644 file of the user's, mounted as volumes: writable in host mode (the
     * control), not in auto and nomap, where the user's uid is unmapped and so the container's root
     * has no capability over them. RunSystemTest covers creating a file in a volume directory.
     */
    @ParameterizedTest
    @EnumSource(As.class)
    void inAutoAndNomapTheUsersHomeAndFilesAreNotWritable(As as) throws IOException {
        SubletRunner runner = SubletRunner.as(as);
        ScratchRootfs rootfs = ScratchRootfs.copyOf(runner);
        Files.createDirectory(rootfs.inside("/mnt"));
        Files.createFile(rootfs.inside("/data"));
        Path home = Path.of(runner.home);
        Path file = home.resolve("sublet-escape-test-file");
        Path created = home.resolve("sublet-escape-test-new");
        try {
            Files.writeString(file, "original\n");
            SubletRunner.run("chown", runner.uid + ":" + runner.gid, file.toString());
            SubletRunner.run("chmod", "644", file.toString());
            List<String> volumes = List.of("--volume", home + ":/mnt", "--volume", file + ":/data");
            String script = "touch /mnt/" + created.getFileName() + " && echo home-writable;"
                    + " echo changed >> /data && echo file-writable; echo checked";

            SubletProcess control = runner.start(rootfs.args(runner.hostMode(), volumes, "/bin/sh", "-c", script));
            control.waitFor(END);
            assertEquals(List.of("home-writable", "file-writable", "checked"), control.stdout().lines().toList(), control.stderr());
            Files.delete(created);
            Files.writeString(file, "original\n");

            for (List<IdMapping> map : List.of(runner.autoMode(28672, 1024), runner.nomapMode())) {
                SubletProcess container = runner.start(rootfs.args(map, volumes, "/bin/sh", "-c", script));
                container.waitFor(END);
                assertEquals(List.of("checked"), container.stdout().lines().toList(), map + ": " + container.stderr());
                assertEquals(2, container.stderr().split("Permission denied", -1).length - 1, container.stderr());
                assertEquals("original\n", Files.readString(file));
                assertFalse(Files.exists(created));
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(created);
        }
    }

    /** Runs the setuid shell, checks what it reports of itself and returns its host real and effective uid. */
    private static long[] hostUids(SubletRunner runner, ScratchRootfs rootfs, List<IdMapping> map, List<String> options,
            String script) throws IOException {
        SubletProcess container = runner.start(rootfs.args(map, options, "/setuid/busybox", "sh", "-c", script));
        long payload = container.payloadHostPid("/setuid/busybox", END);
        awaitOutput(container);
        String[] uids = Files.readAllLines(Path.of("/proc/" + payload + "/status")).stream()
                .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow().split("\\s+");
        container.kill();
        container.waitFor(END);
        long real = Long.parseLong(uids[1]);
        long effective = Long.parseLong(uids[2]);
        String inside = container.stdout().strip();
        assertEquals((real - map.get(0).hostId()) + " " + (effective - map.get(0).hostId()), inside,
                "the ids the payload sees itself: " + container.stderr());
        return new long[] {real, effective};
    }

    private static void awaitOutput(SubletProcess container) {
        long deadline = System.nanoTime() + END.toNanos();
        while (container.stdout().isBlank()) {
            assertTrue(System.nanoTime() < deadline, "no output; stderr: " + container.stderr());
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A volume directory of the user's (writable by the container's root in host mode) with one marker file. */
    private static Path volumeWithMarker(SubletRunner runner) throws IOException {
        Path volume = ScratchRootfs.directory(Path.of("/tmp"), "sublet-volume");
        Files.writeString(volume.resolve("volume-marker"), "from the volume\n");
        SubletRunner.run("chown", "-R", runner.uid + ":" + runner.gid, volume.toString());
        return volume;
    }
}

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code sublet run} end to end, as root and as the rootless test user. */
class RunSystemTest {

    private static final Duration START = Duration.ofSeconds(60);

    @ParameterizedTest
    @EnumSource(As.class)
    void theContainerSeesExactlyTheGivenMapsAndRunsAsTheMappedHostUser(As as) throws IOException {
        SubletRunner runner = SubletRunner.as(as);
        Map<String, List<IdMapping>> modes = Map.of(
                "host", runner.hostMode(), "keep-id", runner.keepIdMode(),
                "auto", runner.autoMode(4096, 1024), "nomap", runner.nomapMode());
        for (Map.Entry<String, List<IdMapping>> mode : modes.entrySet()) {
            List<IdMapping> map = mode.getValue();
            SubletProcess container = runner.start(args(runner, map, List.of("--stop-timeout", "1"),
                    "/bin/sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map; exec sleep 60"));
            long payload = container.payloadHostPid("sleep 60", START);
            assertEquals(map.get(0).hostId(), SubletProcess.hostUid(payload), mode.getKey() + ": host uid of the container's root");
            container.terminate();
            container.waitFor(START);
            assertEquals(procLines(map) + procLines(map), normalize(container.stdout()), mode.getKey() + ": " + container.stderr());
        }
    }

    /**
     * The seeds' picture: a directory of the user's, with a file of the user's, seen from the
     * container in each mode; writable where the user is mapped, and with U in auto mode.
     */
    @ParameterizedTest
    @EnumSource(As.class)
    void aVolumeOfTheUsersShowsItsOwnerAsEachModeMapsIt(As as) throws IOException {
        SubletRunner runner = SubletRunner.as(as);
        Path data = SubletRunner.worldReadableTempDir("sublet-volume");
        try {
            Files.writeString(data.resolve("file"), "x");
            SubletRunner.run("chown", "-R", runner.uid + ":" + runner.gid, data.toString());
            // /home exists in the rootfs: a mount point cannot be created in a rootfs the container's root does not own.
            String volume = data + ":/home";
            String keepIdUser = "sublet:x:" + runner.uid + ":" + runner.gid + "::/home/sublet:/bin/sh";
            List<String> keepId = List.of("--user", Long.toString(runner.uid), "--group", Long.toString(runner.gid),
                    "--passwd-entry", keepIdUser);

            assertVolume(runner, runner.hostMode(), List.of("--volume", volume), "0", true);
            List<String> keepIdOptions = new ArrayList<>(List.of("--volume", volume));
            keepIdOptions.addAll(keepId);
            assertVolume(runner, runner.keepIdMode(), keepIdOptions, Long.toString(runner.uid), true);
            assertVolume(runner, runner.autoMode(8192, 1024), List.of("--volume", volume), "65534", false);
            assertVolume(runner, runner.nomapMode(), List.of("--volume", volume), "65534", false);

            List<IdMapping> auto = runner.autoMode(8192, 1024);
            assertVolume(runner, auto, List.of("--volume", volume + ":U"), "0", true);
            assertEquals(auto.get(0).hostId(), SubletProcess.fileOwner(data.resolve("file")), "host owner after U");
            assertEquals(auto.get(0).hostId(), SubletProcess.fileOwner(data.resolve("new")), "host owner of a new file");
        } finally {
            SubletRunner.run("rm", "-rf", data.toString());
        }
    }

    private static void assertVolume(SubletRunner runner, List<IdMapping> map, List<String> options, String owner,
            boolean writable) throws IOException {
        SubletProcess container = runner.run(map, options, "/bin/sh", "-c",
                "ls -ln /home/file; rm -f /home/new; touch /home/new && echo touched");
        String output = container.stdout() + container.stderr();
        assertEquals(owner, container.stdout().lines().findFirst().orElse("").split("\\s+")[2], output);
        if (writable) {
            assertTrue(container.stdout().contains("touched"), output);
        } else {
            assertFalse(container.stdout().contains("touched"), output);
            assertTrue(container.stderr().contains("Permission denied"), output);
        }
    }

    @ParameterizedTest
    @EnumSource(As.class)
    void theContainerIsIsolatedFromTheHost(As as) throws Exception {
        SubletRunner runner = SubletRunner.as(as);
        Process hostProcess = new ProcessBuilder("sleep", "60").start();
        try {
            SubletProcess container = runner.run(runner.hostMode(), List.of("--hostname", "inside"), "/bin/sh", "-c",
                    "ps -o pid,comm; echo host=$(hostname); ls " + runner.home + " && echo home-visible;"
                            + " kill -9 " + hostProcess.pid() + " || echo kill-failed;"
                            + " echo ipc=$(readlink /proc/self/ns/ipc) uts=$(readlink /proc/self/ns/uts)");
            String out = container.stdout();
            List<String> ps = out.lines().skip(1).takeWhile(l -> !l.startsWith("host=")).map(String::trim).toList();
            assertEquals(2, ps.size(), "ps shows PID 1 and itself only: " + out);
            assertTrue(ps.get(0).startsWith("1 "), out);
            assertTrue(out.contains("host=inside"), out);
            assertFalse(out.contains("home-visible"), out);
            assertTrue(out.contains("kill-failed"), out);
            assertTrue(hostProcess.isAlive(), "the host process survived");
            assertFalse(out.contains("ipc=" + Files.readSymbolicLink(Path.of("/proc/self/ns/ipc"))), out);
            assertFalse(out.contains("uts=" + Files.readSymbolicLink(Path.of("/proc/self/ns/uts"))), out);
            assertTrue(out.contains("ipc=ipc:["), out);
        } finally {
            hostProcess.destroyForcibly();
        }
    }

    @ParameterizedTest
    @EnumSource(As.class)
    void twoAutoContainersRunAtOnceWithDisjointRanges(As as) throws IOException {
        SubletRunner runner = SubletRunner.as(as);
        List<IdMapping> first = runner.autoMode(16384, 1024);
        List<IdMapping> second = runner.autoMode(16384 + 1024, 1024);
        SubletProcess a = runner.start(args(runner, first, List.of("--stop-timeout", "1"), "/bin/sleep", "60"));
        SubletProcess b = runner.start(args(runner, second, List.of("--stop-timeout", "1"), "/bin/sleep", "60"));
        long uidA = SubletProcess.hostUid(a.payloadHostPid("/bin/sleep", START));
        long uidB = SubletProcess.hostUid(b.payloadHostPid("/bin/sleep", START));
        assertTrue(a.isAlive() && b.isAlive());
        a.terminate();
        b.terminate();
        a.waitFor(START);
        b.waitFor(START);
        assertEquals(first.get(0).hostId(), uidA);
        assertEquals(second.get(0).hostId(), uidB);
    }

    @ParameterizedTest
    @EnumSource(As.class)
    void exitStatusesFollowThePayloadAndPodman(As as) throws IOException {
        SubletRunner runner = SubletRunner.as(as);
        assertEquals(3, runner.run(runner.hostMode(), List.of(), "/bin/sh", "-c", "exit 3").waitFor(START));
        SubletProcess notFound = runner.run(runner.hostMode(), List.of(), "no-such-command");
        assertEquals(127, notFound.waitFor(START));
        assertTrue(notFound.stderr().contains("no-such-command"), notFound.stderr());
        SubletProcess missingRootfs = runner.start(List.of("--name", "x", "--rootfs", "/nonexistent/rootfs", "--", "/bin/true"));
        assertEquals(125, missingRootfs.waitFor(START));
        assertTrue(missingRootfs.stderr().contains("/nonexistent/rootfs"), missingRootfs.stderr());
        SubletProcess badOption = runner.start(List.of("--name", "x", "--bogus", "1", "--", "/bin/true"));
        assertEquals(125, badOption.waitFor(START));
        assertTrue(badOption.stderr().contains("--bogus"), badOption.stderr());
    }

    /**
     * In nomap mode the container's root is a subordinate id, which cannot enter the user's 0700
     * home; the rootfs, a volume and an env file there still work, as the stage opens them first.
     */
    @Test
    void aRootfsInThePrivateHomeRunsInNomapModeWithAReadOnlyRoot() throws IOException {
        SubletRunner runner = SubletRunner.as(As.TEST_USER);
        Path privateDir = Path.of(runner.home, "sublet-private-test");
        try {
            SubletRunner.run("rm", "-rf", privateDir.toString());
            SubletRunner.run("mkdir", "-p", privateDir.resolve("volume").toString());
            SubletRunner.run("cp", "-a", runner.rootfs().toString(), privateDir.resolve("rootfs").toString());
            Files.writeString(privateDir.resolve("app.env"), "GREETING=hello\n");
            SubletRunner.run("chown", "-R", runner.uid + ":" + runner.gid, privateDir.toString());
            SubletRunner.run("chmod", "700", privateDir.toString());
            List<String> args = new ArrayList<>(List.of("--name", "private", "--rootfs", privateDir.resolve("rootfs").toString(),
                    "--volume", privateDir.resolve("volume") + ":/home:ro", "--env-file", privateDir.resolve("app.env").toString(),
                    "--read-only"));
            args.addAll(SubletRunner.mapArgs(runner.nomapMode()));
            args.addAll(List.of("--", "/bin/sh", "-c",
                    "echo $GREETING; touch /x || echo root-ro; touch /home/x || echo volume-ro; touch /tmp/x && echo tmp-rw"));
            SubletProcess container = runner.start(args);
            assertEquals(0, container.waitFor(START), container.stderr());
            assertEquals(List.of("hello", "root-ro", "volume-ro", "tmp-rw"), container.stdout().lines().toList());
        } finally {
            SubletRunner.run("rm", "-rf", privateDir.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(As.class)
    void keepIdAddsThePasswdEntryWithoutTouchingTheRootfs(As as) throws IOException {
        SubletRunner runner = SubletRunner.as(as);
        Path passwd = runner.rootfs().resolve("etc/passwd");
        String before = Files.readString(passwd);
        String entry = "sublet-user:x:" + runner.uid + ":" + runner.gid + "::/home/sublet-user:/bin/sh";
        SubletProcess container = runner.run(runner.keepIdMode(),
                List.of("--user", Long.toString(runner.uid), "--passwd-entry", entry,
                        "--group-entry", "sublet-group:x:" + runner.gid + ":"),
                "/bin/sh", "-c", "id -un; id -gn; echo $HOME; tail -n 1 /etc/passwd");
        assertEquals(List.of("sublet-user", "sublet-group", "/home/sublet-user", entry), container.stdout().lines().toList(),
                container.stderr());
        assertEquals(before, Files.readString(passwd));
    }

    @Test
    void mapsOutsideTheUsersSubordinateRangeAreRejectedClearly() throws IOException {
        SubletRunner runner = SubletRunner.as(As.TEST_USER);
        SubletProcess container = runner.run(List.of(new IdMapping(0, 4_000_000, 65536)), List.of(), "/bin/true");
        assertEquals(125, container.waitFor(START));
        String firstLine = container.stderr().lines().findFirst().orElse("");
        assertTrue(firstLine.startsWith("sublet run: newgidmap rejected --gidmap 0:4000000:65536"), container.stderr());
    }

    @ParameterizedTest
    @EnumSource(As.class)
    void stopSendsTheStopSignalThenKillsAfterTheTimeout(As as) throws IOException {
        SubletRunner runner = SubletRunner.as(as);
        // PID 1 without a handler ignores SIGTERM: only the SIGKILL after the timeout ends it.
        SubletProcess ignoring = runner.start(args(runner, runner.hostMode(), List.of("--stop-timeout", "1"), "/bin/sleep", "60"));
        long payload = ignoring.payloadHostPid("/bin/sleep", START);
        ignoring.terminate();
        assertEquals(128 + 9, ignoring.waitFor(START));
        SubletProcess.awaitGone(payload, START);

        SubletProcess handling = runner.start(args(runner, runner.hostMode(), List.of("--stop-timeout", "50"),
                "/bin/sh", "-c", "trap 'exit 7' TERM; while :; do sleep 0.1; done"));
        handling.payloadHostPid("/bin/sh", START);
        handling.terminate();
        assertEquals(7, handling.waitFor(Duration.ofSeconds(30)), "the payload's own answer to SIGTERM, well before the timeout");
    }

    @ParameterizedTest
    @EnumSource(As.class)
    void killingTheSupervisorKillsTheContainer(As as) throws IOException {
        SubletRunner runner = SubletRunner.as(as);
        SubletProcess container = runner.start(args(runner, runner.hostMode(), List.of(), "/bin/sleep", "60"));
        long payload = container.payloadHostPid("/bin/sleep", START);
        container.kill();
        container.waitFor(START);
        SubletProcess.awaitGone(payload, Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @EnumSource(As.class)
    void noFileDescriptorOfTheJvmLeaksIntoTheContainer(As as) throws IOException {
        SubletRunner runner = SubletRunner.as(as);
        SubletProcess container = runner.run(runner.hostMode(), List.of(), "/bin/sh", "-c", "ls /proc/1/fd; ls /proc/self/fd");
        List<String> lines = container.stdout().lines().toList();
        assertEquals(List.of("0", "1", "2", "0", "1", "2", "3"), lines, container.stderr());
    }

    @ParameterizedTest
    @EnumSource(As.class)
    void capabilitiesAreDroppedAndNoNewPrivilegesIsSet(As as) throws IOException {
        SubletRunner runner = SubletRunner.as(as);
        // Podman's default set: CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP NET_BIND_SERVICE SYS_CHROOT SETFCAP.
        String podmanDefault = "00000000800405fb";
        String status = "grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status";
        assertEquals(List.of("CapEff: " + podmanDefault, "CapBnd: " + podmanDefault, "NoNewPrivs: 1"),
                fields(runner.run(runner.hostMode(), List.of(), "/bin/sh", "-c", status)));
        assertEquals(List.of("CapEff: 0000000000000000", "CapBnd: " + podmanDefault, "NoNewPrivs: 1"),
                fields(runner.run(runner.hostMode(), List.of("--user", "33"), "/bin/sh", "-c", status)));
        // NET_RAW is bit 13 (0x2000), CHOWN bit 0 (0x1).
        assertEquals(List.of("CapEff: 00000000800425fa", "CapBnd: 00000000800425fa", "NoNewPrivs: 0"),
                fields(runner.run(runner.hostMode(), List.of("--cap-add", "NET_RAW", "--cap-drop", "CAP_CHOWN",
                        "--allow-new-privileges"), "/bin/sh", "-c", status)));
    }

    private static List<String> fields(SubletProcess container) {
        return container.stdout().lines().map(l -> l.replaceAll("\\s+", " ")).toList();
    }

    private static String procLines(List<IdMapping> map) {
        return map.stream().map(m -> m.toProcLine() + "\n").collect(Collectors.joining());
    }

    private static String normalize(String output) {
        return output.lines().map(l -> l.trim().replaceAll("\\s+", " ") + "\n").collect(Collectors.joining());
    }

    static List<String> args(SubletRunner runner, List<IdMapping> map, List<String> options, String... payload) {
        List<String> args = new ArrayList<>(List.of("--name", "test", "--rootfs", runner.rootfs().toString()));
        args.addAll(SubletRunner.mapArgs(map));
        args.addAll(options);
        args.add("--");
        args.addAll(List.of(payload));
        return args;
    }
}

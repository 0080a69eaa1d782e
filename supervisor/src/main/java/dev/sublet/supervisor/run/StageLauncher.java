package dev.sublet.supervisor.run;

import static dev.sublet.supervisor.stage.StageProtocol.IDMAP_FD;
import static dev.sublet.supervisor.stage.StageProtocol.REPORT_FD;
import static dev.sublet.supervisor.stage.StageProtocol.SPEC_FD;
import static dev.sublet.supervisor.stage.StageProtocol.SYNC_FD;

import dev.sublet.common.RunArguments;
import dev.sublet.common.RunSpec;
import dev.sublet.supervisor.stage.StageProtocol;
import dev.sublet.supervisor.sys.HelperProcess;
import dev.sublet.supervisor.sys.Linux;
import dev.sublet.supervisor.sys.SysException;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the container: posix_spawn of {@code setpriv --pdeathsig KILL -- unshare … -- java StageMain}
 * (a multi-threaded JVM cannot unshare a user namespace itself), then the handshake of
 * {@link StageProtocol}: hand over the run arguments, write the id maps as soon as unshare has made
 * the user namespace (while the stage JVM starts), learn the stage's host PID, release the stage and
 * wait until the payload is exec'd or the stage reports why it is not.
 *
 * <p>Must be called on the thread that stays alive for the container's life (the main thread):
 * the parent-death signal setpriv arms fires when the spawning <em>thread</em> exits.
 */
final class StageLauncher {

    /** System property with the stage JVM's options, set by bin/sublet. */
    static final String STAGE_JVM_OPTIONS = "sublet.stage.jvm.options";

    private static final List<String> DEFAULT_STAGE_JVM_OPTIONS =
            List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xshare:auto");

    private final IdMapWriter idMaps;

    StageLauncher(IdMapWriter idMaps) {
        this.idMaps = idMaps;
    }

    /** The running container: the spawned process (unshare) and the payload's host PID with a pidfd on it. */
    record Started(long unsharePid, long hostPid, int pidfd) {
    }

    Started launch(RunSpec spec) {
        int[] specPipe = Linux.pipe(10);
        int[] syncPipe = Linux.pipe(10);
        int[] reportPipe = Linux.pipe(10);
        int[] idmapSockets = Linux.socketPair();
        long pid;
        try {
            pid = Linux.spawn(setprivPath(), command(spec), HelperProcess.inheritedEnvironment(), new int[][] {
                    {specPipe[0], SPEC_FD}, {syncPipe[0], SYNC_FD}, {reportPipe[1], REPORT_FD},
                    {idmapSockets[1], IDMAP_FD}});
        } catch (SysException e) {
            closeAll(specPipe[0], specPipe[1], syncPipe[0], syncPipe[1], reportPipe[0], reportPipe[1],
                    idmapSockets[0], idmapSockets[1]);
            throw new RunFailure("cannot start " + setprivPath() + ": " + e.getMessage());
        }
        Linux.close(specPipe[0]);
        Linux.close(syncPipe[0]);
        Linux.close(reportPipe[1]);
        Linux.close(idmapSockets[1]);
        try {
            Linux.writeFully(specPipe[1], StageProtocol.encode(RunArguments.format(spec)));
        } finally {
            Linux.close(specPipe[1]);
        }
        // The maps are written while the stage JVM is still starting, so it never waits for them.
        boolean mapped;
        String report;
        try {
            mapped = UserNamespaceWatch.awaitNew(pid);
            if (mapped) {
                writeMaps(spec, pid, idmapSockets[0]);
            }
            report = readLine(reportPipe[0]);
        } catch (RuntimeException e) {
            // Closing the sync pipe tells the stage to give up (StageProtocol).
            closeAll(syncPipe[1], idmapSockets[0], reportPipe[0]);
            waitFor(pid);
            throw e;
        }
        Linux.close(reportPipe[0]);
        if (report.isEmpty()) {
            closeAll(syncPipe[1], idmapSockets[0]);
            throw new RunFailure("the container stage ended before it started (exit status " + waitFor(pid) + ")");
        }
        String[] parts = report.split(" ");
        long hostPid = Long.parseLong(parts[0]);
        int pidfd;
        int errors;
        try {
            pidfd = Linux.pidfdOpen(hostPid);
            errors = Linux.open("/proc/" + hostPid + "/fd/" + parts[1], Linux.O_RDONLY, 0);
            if (!mapped) {
                writeMaps(spec, hostPid, idmapSockets[0]);
            }
            Linux.writeFully(syncPipe[1], new byte[] {1});
        } catch (RuntimeException e) {
            closeAll(syncPipe[1], idmapSockets[0]);
            waitFor(pid);
            throw e;
        }
        closeAll(syncPipe[1], idmapSockets[0]);
        String error = new String(Linux.readAll(errors), StandardCharsets.UTF_8).strip();
        Linux.close(errors);
        if (!error.isEmpty()) {
            Linux.close(pidfd);
            throw new RunFailure(error, waitFor(pid));
        }
        return new Started(pid, hostPid, pidfd);
    }

    /** The id maps and idmapped volumes of the user namespace {@code pid} (unshare or the stage) is in. */
    private void writeMaps(RunSpec spec, long pid, int idmapSocket) {
        idMaps.write(pid, spec.uidMaps(), spec.gidMaps());
        handOverIdmappedVolumes(spec, pid, idmapSocket);
    }

    /** Idmapped mounts need the maps of the stage's user namespace, so they are made now, before the release. */
    private static void handOverIdmappedVolumes(RunSpec spec, long stagePid, int socket) {
        if (IdmappedVolumes.of(spec).isEmpty()) {
            return;
        }
        int[] mounts = IdmappedVolumes.create(spec, stagePid);
        try {
            Linux.sendFds(socket, mounts);
        } finally {
            closeAll(mounts);
        }
    }

    /** Waits for the spawned process; its status as a shell reports it (128+N for signal N). */
    int waitFor(long pid) {
        try {
            return Linux.waitForChild(pid);
        } catch (SysException e) {
            throw new RunFailure(e.getMessage());
        }
    }

    private static List<String> command(RunSpec spec) {
        List<String> command = new ArrayList<>(List.of(setprivPath(), "--pdeathsig", "KILL", "--",
                "unshare", "--user", "--pid", "--fork", "--mount", "--ipc", "--uts"));
        if (spec.network() == RunSpec.Network.NONE) {
            command.add("--net");
        }
        command.addAll(List.of("--kill-child", "--keep-caps", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(stageJvmOptions(System.getProperty(STAGE_JVM_OPTIONS)));
        command.addAll(List.of("-cp", absoluteClassPath(), StageProtocol.MAIN_CLASS));
        return command;
    }

    /**
     * The stage JVM's options: the launcher's lean start-up flags (AppCDS archive, C1 only, serial GC,
     * the pre-extracted libjffi), which bin/sublet passes as one space-separated property (install.sh
     * keeps spaces out of the paths in it); without the launcher a lean default.
     */
    static List<String> stageJvmOptions(String property) {
        String options = property == null ? "" : property.strip();
        return options.isEmpty() ? DEFAULT_STAGE_JVM_OPTIONS : List.of(options.split("\\s+"));
    }

    /*
     * --keep-caps: java is exec'd before the maps exist, as an unmapped (non-root) user, which would
     * drop the namespace's capabilities; as ambient capabilities they survive, and the stage can
     * become uid 0 once the maps are written (also in nomap mode, where the user itself is unmapped).
     */

    private static String setprivPath() {
        return "/usr/bin/setpriv";
    }

    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    /** One line; not to EOF, as setpriv and unshare hold copies of the write end for the container's life. */
    private static String readLine(int fd) {
        StringBuilder line = new StringBuilder();
        byte[] one = new byte[1];
        while (Linux.read(fd, one) == 1 && one[0] != '\n') {
            line.append((char) one[0]);
        }
        return line.toString();
    }

    private static void closeAll(int... fds) {
        for (int fd : fds) {
            Linux.close(fd);
        }
    }
}

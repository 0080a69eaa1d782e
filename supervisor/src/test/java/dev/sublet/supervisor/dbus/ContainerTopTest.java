package dev.sublet.supervisor.dbus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sublet.common.IdMapping;
import dev.sublet.common.RunSpec;
import dev.sublet.supervisor.state.ContainerState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Top on a fake /proc, so ids, maps and name files can be anything. */
class ContainerTopTest {

    @TempDir
    Path directory;

    private Path proc;
    private Path hostEtc;

    @BeforeEach
    void hostFiles() throws IOException {
        proc = Files.createDirectories(directory.resolve("proc"));
        hostEtc = Files.createDirectories(directory.resolve("etc"));
        Files.writeString(hostEtc.resolve("passwd"), "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n");
        Files.writeString(hostEtc.resolve("group"), "root:x:0:\nalice:x:1000:\n");
    }

    @Test
    void keepIdShowsTheSameUserInsideAndOnTheHost() throws IOException {
        // keep-id for alice (1000): container 0 -> 100000, 1000 -> 1000, 1001.. -> 101000..
        ContainerState state = state("0:100000:1000", "1000:1000:1", "1001:101000:64536");
        process(500, 1, "sh", 1, 1000, "sh\0-c\0sleep 1\0");
        process(501, 500, "sleep", 2, 101033, "sleep\0" + "1\0");
        process(777, 1, "unrelated", 777, 1000, "x\0");
        containerFile(500, "passwd", "root:x:0:0::/:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n");
        containerFile(500, "group", "root:x:0:\nalice:x:1000:\n");
        state.running(500, 1);

        List<ProcessRow> rows = top().rows(state);

        assertEquals(2, rows.size());
        assertRow(rows.get(0), "alice", "alice", 1, 500, 0, "sh", "sh -c sleep 1");
        assertEquals("alice", rows.get(0).group);
        assertEquals("alice", rows.get(0).hostGroup);
        // 101033 is container id 1001 + 33 = 1034, which neither passwd names.
        assertRow(rows.get(1), "1034", "101033", 2, 501, 1, "sleep", "sleep 1");
    }

    @Test
    void aSymlinkedPasswdInTheContainerIsNotFollowed() throws IOException {
        ContainerState state = state("0:100000:65536");
        process(600, 1, "sh", 1, 100000, "sh\0");
        Path etc = Files.createDirectories(proc.resolve("600/root/etc"));
        // Through /proc/PID/root an absolute link would resolve on the host.
        Files.createSymbolicLink(etc.resolve("passwd"), hostEtc.resolve("passwd"));
        state.running(600, 1);

        assertRow(top().rows(state).get(0), "0", "100000", 1, 600, 0, "sh", "sh");
    }

    @Test
    void aZombieShowsItsNameInBracketsAndUnmappedIdsShowAsOverflow() throws IOException {
        ContainerState state = state("0:100000:10");
        process(700, 1, "defunct", 1, 5, "");
        state.running(700, 1);

        assertRow(top().rows(state).get(0), "65534", "5", 1, 700, 0, "defunct", "[defunct]");
    }

    private ContainerTop top() {
        return new ContainerTop(new HostProcesses(proc), hostEtc);
    }

    private static ContainerState state(String... uidMaps) {
        RunSpec spec = new RunSpec().name("t");
        for (String map : uidMaps) {
            spec.uidMaps().add(IdMapping.parse(map));
            spec.gidMaps().add(IdMapping.parse(map));
        }
        return new ContainerState(spec);
    }

    /** Writes stat, status and cmdline as the kernel formats them (a comm with a space and parens). */
    private void process(long pid, long ppid, String comm, long nsPid, long uid, String cmdline) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), pid + " (" + comm + " (x)) S " + ppid + " " + pid + " 0 0 -1\n");
        Files.writeString(dir.resolve("status"), "Name:\t" + comm + "\nState:\tS (sleeping)\nPPid:\t" + ppid
                + "\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid
                + "\nGid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid
                + "\nNSpid:\t" + pid + "\t" + nsPid + "\n");
        Files.write(dir.resolve("cmdline"), cmdline.getBytes(StandardCharsets.UTF_8));
    }

    private void containerFile(long pid, String name, String content) throws IOException {
        Path etc = Files.createDirectories(proc.resolve(pid + "/root/etc"));
        Files.writeString(etc.resolve(name), content);
    }

    private static void assertRow(ProcessRow row, String user, String hostUser, long pid, long hostPid, long parentPid,
            String comm, String args) {
        assertEquals(List.of(user, hostUser, pid, hostPid, parentPid, comm, args),
                List.of(row.user, row.hostUser, row.pid.longValue(), row.hostPid.longValue(),
                        row.parentPid.longValue(), row.comm, row.args));
    }
}

package dev.sublet.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.generator.alloc.AllocationStore;
import dev.sublet.testsupport.SystemTests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state dir fails under the generator: it cannot be created, it is read-only, or its disk is
 * full. No allocation may be lost: the old state file stays byte for byte; units whose ids it
 * records, and units that need none, are still generated with the same maps; only a unit that
 * needed new ids is left out, with an error at its UserNS= line that names the state dir and says
 * what to do. The read-only and full-disk cases mount a tmpfs, so they need root.
 */
class StateDirFaultsTest {

    @TempDir
    Path tmp;

    private Path stateDir;
    private Path mountPoint;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @BeforeEach
    void units() throws IOException {
        Path etc = Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.writeString(tmp.resolve("subuid"), "alice:100000:65536\n");
        Files.writeString(tmp.resolve("subgid"), "alice:100000:65536\n");
        Files.createDirectories(tmp.resolve("units"));
        unit("old", "UserNS=auto\n");
        unit("plain", "UserNS=keep-id\n");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mountPoint != null) {
            ScratchTmpfs.unmount(mountPoint);
        }
    }

    @Test
    void aStateDirThatCannotBeCreatedFailsOnlyTheUnitsThatNeedNewIds() throws Exception {
        Files.writeString(tmp.resolve("not-a-dir"), "");
        stateDir = tmp.resolve("not-a-dir/state");
        unit("new", "UserNS=auto\n");

        assertEquals(1, generate());

        assertTrue(Files.exists(out("plain.service")), "a unit that needs no ids is generated");
        assertFalse(Files.exists(out("new.service")));
        assertFalse(Files.exists(out("old.service")), "nothing is recorded: old needs new ids too");
        assertUnrecordedError("new", "Not a directory");
    }

    @Test
    void aReadOnlyStateDirKeepsRecordedUnitsAndFailsNewOnes() throws Exception {
        SystemTests.needRoot();
        mountTmpfs("1m");
        assertEquals(0, generate(), stderr.toString());
        String oldService = Files.readString(out("old.service"));
        byte[] state = Files.readAllBytes(stateDir.resolve(AllocationStore.FILE_NAME));

        ScratchTmpfs.remountReadOnly(mountPoint);
        unit("new", "UserNS=auto\n");
        assertEquals(1, generate());

        assertEquals(oldService, Files.readString(out("old.service")), "recorded ids are kept as they were");
        assertTrue(Files.exists(out("plain.service")));
        assertFalse(Files.exists(out("new.service")));
        assertUnrecordedError("new", "Read-only file system");
        assertArrayEquals(state, Files.readAllBytes(stateDir.resolve(AllocationStore.FILE_NAME)));
    }

    @Test
    void aReadOnlyStateDirKeepsTheIdsOfARemovedUnitReservedAndSaysSo() throws Exception {
        SystemTests.needRoot();
        mountTmpfs("1m");
        assertEquals(0, generate(), stderr.toString());
        byte[] state = Files.readAllBytes(stateDir.resolve(AllocationStore.FILE_NAME));

        ScratchTmpfs.remountReadOnly(mountPoint);
        Files.delete(tmp.resolve("units/old.container"));
        assertEquals(1, generate());

        assertTrue(Files.exists(out("plain.service")), "every remaining unit is generated");
        String log = stderr.toString(StandardCharsets.UTF_8);
        assertTrue(log.startsWith(stateDir.resolve(AllocationStore.FILE_NAME) + ": cannot write it: Read-only file"
                + " system: the ids of removed units stay reserved until " + stateDir + " can be written again;"), log);
        assertArrayEquals(state, Files.readAllBytes(stateDir.resolve(AllocationStore.FILE_NAME)));
    }

    @Test
    void aFullDiskKeepsTheOldStateFileAndFailsOnlyNewUnits() throws Exception {
        SystemTests.needRoot();
        mountTmpfs("64k");
        assertEquals(0, generate(), stderr.toString());
        String oldService = Files.readString(out("old.service"));
        byte[] state = Files.readAllBytes(stateDir.resolve(AllocationStore.FILE_NAME));
        ScratchTmpfs.fill(mountPoint.resolve("filler"));

        unit("new", "UserNS=auto\n");
        assertEquals(1, generate());

        assertEquals(oldService, Files.readString(out("old.service")));
        assertTrue(Files.exists(out("plain.service")));
        assertFalse(Files.exists(out("new.service")));
        assertUnrecordedError("new", "No space left on device");
        assertArrayEquals(state, Files.readAllBytes(stateDir.resolve(AllocationStore.FILE_NAME)));

        // Once there is space again the new unit gets its ids, and the old one keeps its own.
        Files.delete(mountPoint.resolve("filler"));
        stderr.reset();
        assertEquals(0, generate(), stderr.toString());
        assertTrue(Files.exists(out("new.service")));
        assertEquals(oldService, Files.readString(out("old.service")));
    }

    private void unit(String name, String userNs) throws IOException {
        Files.writeString(tmp.resolve("units/" + name + ".container"), "[Container]\nRootfs=" + tmp.resolve("rootfs")
                + "\nExec=/bin/sh\n" + userNs);
    }

    private Path out(String service) {
        return tmp.resolve("out/" + service);
    }

    private int generate() {
        Map<String, String> env = new HashMap<>();
        env.put("SUBLET_UNIT_DIRS", tmp.resolve("units").toString());
        env.put("SUBLET_UID", "1000");
        env.put("SUBLET_GID", "1000");
        env.put("SUBLET_USER_NAME", "alice");
        env.put("SUBLET_HOME", tmp.resolve("home").toString());
        env.put("SUBLET_STATE_DIR", stateDir.toString());
        env.put("SUBLET_SUBUID_FILE", tmp.resolve("subuid").toString());
        env.put("SUBLET_SUBGID_FILE", tmp.resolve("subgid").toString());
        return GeneratorMain.run(List.of("--no-kmsg-log", tmp.resolve("out").toString()), env,
                "sublet-user-generator", new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), false, TranslatorFactory::quadlet);
    }

    /** The error is at new.container's UserNS= line and says why and what to do. */
    private void assertUnrecordedError(String unit, String reason) {
        String expected = tmp.resolve("units/" + unit + ".container") + ":4: UserNS: not generated: its new ids"
                + " could not be recorded (" + stateDir.resolve(AllocationStore.FILE_NAME) + ": cannot write it: "
                + reason + ")";
        String log = stderr.toString(StandardCharsets.UTF_8);
        assertTrue(log.lines().anyMatch(line -> line.startsWith(expected)
                && line.endsWith("make " + stateDir + " writable (or free space on its file system), then run"
                        + " 'systemctl --user daemon-reload'")), "expected '" + expected + "...' in:\n" + log);
        assertTrue(log.lines().filter(line -> line.contains("not generated")).allMatch(line -> line.contains(":4: UserNS: ")),
                log);
    }

    private void mountTmpfs(String size) throws Exception {
        mountPoint = tmp.resolve("mnt");
        ScratchTmpfs.mount(mountPoint, size);
        stateDir = mountPoint.resolve("state");
    }
}

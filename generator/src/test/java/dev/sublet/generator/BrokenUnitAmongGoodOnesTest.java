package dev.sublet.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's promise to systemd, end to end through {@link GeneratorMain} with the real
 * translator: one broken unit costs only itself. Its error is one {@code file:line: key: problem}
 * line on stderr, the two good units are written, and the exit status is 1.
 */
class BrokenUnitAmongGoodOnesTest {

    @TempDir
    Path tmp;

    @Test
    void theGoodUnitsAreWrittenAndTheBrokenOneIsReportedWithFileLineAndKey() throws Exception {
        Path units = Files.createDirectories(tmp.resolve("units"));
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.writeString(tmp.resolve("subuid"), "alice:100000:65536\n");
        String good = "[Container]\nRootfs=" + rootfs.getParent() + "\nExec=/bin/sh\n";
        Files.writeString(units.resolve("first.container"), good + "UserNS=auto\n");
        Files.writeString(units.resolve("second.container"), good);
        Files.writeString(units.resolve("broken.container"), good + "UserNS=auto:size=lots\n");
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Path out = tmp.resolve("generator");

        int status = GeneratorMain.run(List.of("--no-kmsg-log", out.toString()), Map.of(
                        "SUBLET_UNIT_DIRS", units.toString(), "SUBLET_UID", "1000", "SUBLET_GID", "1000",
                        "SUBLET_USER_NAME", "alice", "SUBLET_HOME", tmp.resolve("home").toString(),
                        "SUBLET_STATE_DIR", tmp.resolve("state").toString(),
                        "SUBLET_SUBUID_FILE", tmp.resolve("subuid").toString(),
                        "SUBLET_SUBGID_FILE", tmp.resolve("subuid").toString()),
                "sublet-user-generator", new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), false, TranslatorFactory::quadlet);

        assertEquals(1, status);
        assertTrue(Files.readString(out.resolve("first.service")).contains("--uidmap 0:100000:1024"));
        assertTrue(Files.exists(out.resolve("second.service")));
        assertFalse(Files.exists(out.resolve("broken.service")));
        assertEquals(List.of(units.resolve("broken.container") + ":4: UserNS: malformed option 'size=lots' in"
                        + " UserNS=auto; expected a number from 1 to 4294967294"),
                stderr.toString(StandardCharsets.UTF_8).lines().toList());
    }
}

package dev.sublet.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Small tmpfs mounts (root only) for the state-directory faults: read-only remounts and full disks,
 * shared by {@link StateDirFaultsTest} and {@link BadInputTableTest}.
 */
final class ScratchTmpfs {

    private ScratchTmpfs() {
    }

    /** Mounts a private (0700) tmpfs of {@code size} (mount(8) syntax) on {@code mountPoint}, made if missing. */
    static void mount(Path mountPoint, String size) throws Exception {
        Files.createDirectories(mountPoint);
        run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "sublet-test", mountPoint.toString());
    }

    static void remountReadOnly(Path mountPoint) throws Exception {
        run("mount", "-o", "remount,ro", mountPoint.toString());
    }

    static void unmount(Path mountPoint) throws Exception {
        run("umount", mountPoint.toString());
    }

    /** Writes {@code filler} until the file system is full. */
    static void fill(Path filler) throws IOException {
        byte[] block = new byte[4096];
        try (var output = Files.newOutputStream(filler)) {
            while (true) {
                output.write(block);
                output.flush();
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": "
                + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}

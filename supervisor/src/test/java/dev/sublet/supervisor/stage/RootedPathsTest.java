package dev.sublet.supervisor.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.supervisor.sys.Linux;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mount targets resolve inside the rootfs whatever symlinks and ".." the rootfs holds. */
class RootedPathsTest {

    @TempDir
    Path temp;
    private Path root;
    private Path outside;
    private int rootFd;
    private RootedPaths paths;

    @BeforeEach
    void rootfsWithHostileLinks() throws IOException {
        root = Files.createDirectories(temp.resolve("root"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "inside");
        Files.writeString(outside.resolve("passwd"), "outside");
        Files.createSymbolicLink(root.resolve("absolute"), outside);               // /tmp/…/outside on the host
        Files.createSymbolicLink(root.resolve("climbing"), Path.of("../../../../../../outside"));
        Files.createSymbolicLink(root.resolve("etc-link"), Path.of("/etc"));      // the host's /etc if followed
        rootFd = Linux.open(root.toString(), Linux.O_PATH | Linux.O_DIRECTORY, 0);
        paths = new RootedPaths(rootFd);
    }

    @AfterEach
    void close() {
        Linux.close(rootFd);
    }

    @Test
    void anAbsoluteSymlinkResolvesInsideTheRoot() throws IOException {
        assertEquals(root.resolve("etc/passwd"), resolved(paths.openExisting("/etc-link/passwd")));
    }

    @Test
    void dotDotCannotClimbOutOfTheRoot() throws IOException {
        assertEquals(root.resolve("etc/passwd"), resolved(paths.openExisting("/../../../etc/passwd")));
        assertEquals(root.resolve("etc"), resolved(paths.openExisting("etc/../../etc")));
    }

    @Test
    void linksToOutsideTargetsDoNotReachThem() {
        assertEquals(-1, paths.openExisting("/absolute/passwd"));
        assertEquals(-1, paths.openExisting("/climbing/passwd"));
    }

    @Test
    void creatingThroughALinkToOutsideFailsAndCreatesNothingThere() {
        StageFailure failure = assertThrows(StageFailure.class, () -> paths.openOrCreate("/absolute/data", true));
        assertTrue(failure.getMessage().contains("/absolute/data"), failure.getMessage());
        assertThrows(StageFailure.class, () -> paths.openOrCreate("/climbing/data", true));
        assertFalse(Files.exists(outside.resolve("data")));
    }

    @Test
    void missingDirectoriesAndAFileMountPointAreCreatedInsideTheRoot() throws IOException {
        assertEquals(root.resolve("srv/www/data"), resolved(paths.openOrCreate("/srv/www/data", true)));
        assertTrue(Files.isDirectory(root.resolve("srv/www/data")));
        assertEquals(root.resolve("etc/app.conf"), resolved(paths.openOrCreate("/etc-link/app.conf", false)));
        assertTrue(Files.isRegularFile(root.resolve("etc/app.conf")));
        assertEquals(root.resolve("opt/x"), resolved(paths.openOrCreate("/../opt/./x", true)));
    }

    private static Path resolved(int fd) throws IOException {
        try {
            return Files.readSymbolicLink(Path.of(RootedPaths.procPath(fd)));
        } finally {
            Linux.close(fd);
        }
    }
}

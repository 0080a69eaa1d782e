package dev.sublet.generator.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitDirectoryWriterTest {

    @TempDir
    Path out;

    private static ServiceUnit service(String text, InstallLink... links) {
        return new ServiceUnit("web.service", text, List.of(links));
    }

    private List<String> allNames() throws IOException {
        try (Stream<Path> files = Files.walk(out)) {
            return files.map(p -> out.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void writesTheUnitWithMode644AndNoTemporaryFilesLeft() throws Exception {
        new UnitDirectoryWriter(out).accept(service("[Unit]\n"));
        Path unit = out.resolve("web.service");
        assertEquals("[Unit]\n", Files.readString(unit));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(unit)));
        assertEquals(List.of("", "web.service"), allNames());
    }

    @Test
    void replacesAnExistingFileAndAnExistingSymlinkWithoutWritingThroughIt() throws Exception {
        Path victim = Files.writeString(out.resolve("victim"), "keep");
        Files.createSymbolicLink(out.resolve("web.service"), victim);
        new UnitDirectoryWriter(out).accept(service("new\n"));
        assertFalse(Files.isSymbolicLink(out.resolve("web.service")));
        assertEquals("new\n", Files.readString(out.resolve("web.service")));
        assertEquals("keep", Files.readString(victim));

        new UnitDirectoryWriter(out).accept(service("newer\n"));
        assertEquals("newer\n", Files.readString(out.resolve("web.service")));
    }

    @Test
    void installLinksAreRelativeAndResolve() throws Exception {
        new UnitDirectoryWriter(out).accept(service("x\n",
                new InstallLink("default.target.wants/web.service", "../web.service"),
                new InstallLink("www.service", "web.service")));
        Path wants = out.resolve("default.target.wants/web.service");
        assertTrue(Files.isSymbolicLink(wants));
        assertEquals(Path.of("../web.service"), Files.readSymbolicLink(wants));
        assertEquals("x\n", Files.readString(wants));
        assertEquals(Path.of("web.service"), Files.readSymbolicLink(out.resolve("www.service")));
        assertEquals(List.of("", "default.target.wants", "default.target.wants/web.service", "web.service",
                "www.service"), allNames());
    }

    @Test
    void existingLinkIsReplaced() throws Exception {
        Files.createDirectories(out.resolve("default.target.wants"));
        Files.createSymbolicLink(out.resolve("default.target.wants/web.service"), Path.of("../stale.service"));
        new UnitDirectoryWriter(out).accept(service("x\n",
                new InstallLink("default.target.wants/web.service", "../web.service")));
        assertEquals(Path.of("../web.service"), Files.readSymbolicLink(out.resolve("default.target.wants/web.service")));
    }

    @Test
    void refusesPathsOutsideTheOutputDirectory() {
        Path outside = out.resolveSibling(out.getFileName() + "-outside.service");
        assertThrows(IOException.class, () -> new UnitDirectoryWriter(out).accept(
                service("x\n", new InstallLink("../" + outside.getFileName(), "web.service"))));
        assertFalse(Files.exists(outside, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void dryRunPrintsHeaderAndText() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        new DryRunPrinter(new java.io.PrintStream(bytes, true)).accept(service("[Unit]\nA=1\n"));
        assertEquals("---web.service---\n[Unit]\nA=1\n\n", bytes.toString());
    }
}

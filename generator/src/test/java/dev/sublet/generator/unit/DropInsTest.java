package dev.sublet.generator.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropInsTest {

    @TempDir
    Path dir;

    private Path write(String relative, String text) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void directoryNamesOfAPlainUnit() {
        assertEquals(List.of("web.container.d", "container.d"), DropIns.directoryNames("web.container"));
    }

    @Test
    void truncatedDirectoryNamesAtEachDashMostSpecificFirst() {
        assertEquals(List.of("foo-bar-baz.container.d", "foo-bar-.container.d", "foo-.container.d", "container.d"),
                DropIns.directoryNames("foo-bar-baz.container"));
    }

    @Test
    void instanceLooksInItsTemplateDirectoryButDoesNotTruncateTheInstance() {
        assertEquals(List.of("foo-bar@a-b.container.d", "foo-bar@.container.d", "foo-.container.d", "container.d"),
                DropIns.directoryNames("foo-bar@a-b.container"));
        assertEquals(List.of("foo@.container.d", "container.d"), DropIns.directoryNames("foo@.container"));
    }

    @Test
    void onlyConfFilesMergedInNameOrder() throws Exception {
        Path b = write("web.container.d/20-b.conf", "");
        Path a = write("web.container.d/10-a.conf", "");
        write("web.container.d/30-c.conf.disabled", "");
        write("web.container.d/notes.txt", "");
        Files.createDirectories(dir.resolve("web.container.d/40-dir.conf"));
        assertEquals(List.of(a, b), DropIns.find("web.container", List.of(dir)));
    }

    @Test
    void sameNameInAMoreSpecificDirectoryWins() throws Exception {
        Path specific = write("foo-bar.container.d/10-x.conf", "");
        write("foo-.container.d/10-x.conf", "");
        write("container.d/10-x.conf", "");
        Path truncated = write("foo-.container.d/20-y.conf", "");
        Path topLevel = write("container.d/05-z.conf", "");
        assertEquals(List.of(topLevel, specific, truncated), DropIns.find("foo-bar.container", List.of(dir)));
    }

    @Test
    void instanceUsesTemplateDropIns() throws Exception {
        Path template = write("app@.container.d/10-template.conf", "");
        Path own = write("app@blue.container.d/20-own.conf", "");
        write("app@green.container.d/30-other.conf", "");
        assertEquals(List.of(template, own), DropIns.find("app@blue.container", List.of(dir)));
    }

    @Test
    void higherPrecedenceSearchDirectoryWinsForTheSameName() throws Exception {
        Path admin = write("etc/web.container.d/10-x.conf", "");
        write("usr/web.container.d/10-x.conf", "");
        Path vendorOnly = write("usr/web.container.d/20-y.conf", "");
        assertEquals(List.of(admin, vendorOnly),
                DropIns.find("web.container", List.of(dir.resolve("etc"), dir.resolve("usr"))));
    }
}

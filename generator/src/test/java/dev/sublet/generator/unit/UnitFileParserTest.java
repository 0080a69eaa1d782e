package dev.sublet.generator.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitFileParserTest {

    private static final Path FILE = Path.of("/units/web.container");

    private static UnitFile parse(String text) throws UnitFileException {
        UnitFile unit = new UnitFile(FILE);
        UnitFileParser.parseText(unit, FILE, text);
        return unit;
    }

    private static List<String> values(UnitFile unit, String section, String key) {
        return unit.values(section, key).stream().map(Entry::value).toList();
    }

    private static String only(UnitFile unit, String section, String key) {
        List<String> values = values(unit, section, key);
        assertEquals(1, values.size(), () -> key + " values: " + values);
        return values.get(0);
    }

    @Test
    void sectionsAndEntriesKeepFileOrderAndLines() throws Exception {
        UnitFile unit = parse("[Unit]\nDescription=web\n\n[Container]\nRootfs=/srv/root\nExec=/bin/sh\n");
        assertEquals(List.of("Unit", "Container"), unit.sectionNames());
        List<Entry> container = unit.entries("Container");
        assertEquals(List.of("Rootfs", "Exec"), container.stream().map(Entry::key).toList());
        assertEquals(5, container.get(0).line());
        assertEquals(6, container.get(1).line());
        assertEquals(FILE, container.get(0).file());
    }

    @Test
    void repeatedSectionIsMergedIntoTheFirst() throws Exception {
        UnitFile unit = parse("[Container]\nA=1\n[Unit]\nB=2\n[Container]\nC=3\n");
        assertEquals(List.of("Container", "Unit"), unit.sectionNames());
        assertEquals(List.of("A", "C"), unit.entries("Container").stream().map(Entry::key).toList());
    }

    @Test
    void repeatedKeysFormAnOrderedList() throws Exception {
        UnitFile unit = parse("[Container]\nVolume=/a:/a\nVolume=/b:/b\nVolume=/c:/c\n");
        assertEquals(List.of("/a:/a", "/b:/b", "/c:/c"), values(unit, "Container", "Volume"));
    }

    @Test
    void emptyAssignmentResetsTheList() throws Exception {
        UnitFile unit = parse("[Container]\nVolume=/a:/a\nVolume=\nVolume=/b:/b\n");
        assertEquals(List.of("/b:/b"), values(unit, "Container", "Volume"));
        assertEquals(3, unit.entries("Container").size(), "the reset itself is kept as an entry");
    }

    @Test
    void backslashContinuationJoinsWithTheSeparatingSpace() throws Exception {
        UnitFile unit = parse("[Container]\nExec=/bin/app --foo\\\n--bar\nUser=1\n");
        assertEquals("/bin/app --foo --bar", only(unit, "Container", "Exec"));
        assertEquals(2, unit.last("Container", "Exec").line(), "an entry is located at its first line");
        assertEquals("1", only(unit, "Container", "User"));
    }

    @Test
    void continuationKeepsTheNextLineAsWrittenLikeSystemd() throws Exception {
        UnitFile unit = parse("[Container]\nExec=a \\\n  b\n");
        // "a " + the backslash turned into a space + "  b": systemd does not squeeze blanks.
        assertEquals("a    b", only(unit, "Container", "Exec"));
    }

    @Test
    void continuationOverSeveralLines() throws Exception {
        UnitFile unit = parse("[Container]\nExec=a\\\nb\\\nc\n");
        assertEquals("a b c", only(unit, "Container", "Exec"));
    }

    @Test
    void continuationEndedByABlankLineDoesNotSwallowTheNextKey() throws Exception {
        UnitFile unit = parse("[Container]\nExec=foo \\\n\nUser=daemon\n");
        assertEquals("foo", only(unit, "Container", "Exec"));
        assertEquals("daemon", only(unit, "Container", "User"));
    }

    @Test
    void commentLinesInsideAContinuationAreSkipped() throws Exception {
        UnitFile unit = parse("[Container]\nExec=/bin/app \\\n# the port\n  ; or this\n--port=80\n");
        assertEquals("/bin/app  --port=80", only(unit, "Container", "Exec"));
    }

    @Test
    void trailingContinuationAtEndOfFileIsKept() throws Exception {
        UnitFile unit = parse("[Container]\nExec=/bin/app --last\\");
        assertEquals("/bin/app --last", only(unit, "Container", "Exec"));
    }

    @Test
    void escapedBackslashAtEndOfLineIsLiteral() throws Exception {
        UnitFile unit = parse("[Container]\nExec=a\\\\\nUser=b\n");
        assertEquals("a\\\\", only(unit, "Container", "Exec"));
        assertEquals("b", only(unit, "Container", "User"));
    }

    @Test
    void hashAndSemicolonComments() throws Exception {
        UnitFile unit = parse("# top\n; also\n[Container]\n  # indented\nA=1 # not a comment\n\t; x\n");
        assertEquals("1 # not a comment", only(unit, "Container", "A"));
        assertEquals(1, unit.entries("Container").size());
    }

    @Test
    void whitespaceAroundEqualsAndLineIsStripped() throws Exception {
        UnitFile unit = parse("[Container]\n  Key \t=  some value \t\n");
        assertEquals("some value", only(unit, "Container", "Key"));
    }

    @Test
    void valueSplitsAtTheFirstEquals() throws Exception {
        UnitFile unit = parse("[Container]\nEnvironment=A=b=c\n");
        assertEquals("A=b=c", only(unit, "Container", "Environment"));
    }

    @Test
    void keysAreCaseSensitive() throws Exception {
        UnitFile unit = parse("[Container]\nUser=a\nuser=b\n");
        assertEquals("a", only(unit, "Container", "User"));
        assertEquals("b", only(unit, "Container", "user"));
    }

    @Test
    void colonIsPartOfAKey() throws Exception {
        UnitFile unit = parse("[Container]\nLabel:x=1\n");
        assertEquals("1", only(unit, "Container", "Label:x"));
    }

    @Test
    void crlfLineEndings() throws Exception {
        UnitFile unit = parse("[Container]\r\nA=1\r\nB=2 \\\r\n3\r\n");
        assertEquals("1", only(unit, "Container", "A"));
        assertEquals("2  3", only(unit, "Container", "B"));
        assertEquals(3, unit.last("Container", "B").line());
        UnitFile oldMac = parse("[Container]\rA=1\rB=2\r");
        assertEquals(List.of("1", "2"), List.of(only(oldMac, "Container", "A"), only(oldMac, "Container", "B")));
    }

    @Test
    void byteOrderMarkIsSkipped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bom.container");
        byte[] body = "[Container]\nA=1\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Files.write(file, withBom);
        UnitFile unit = UnitFileParser.parse(file);
        assertEquals(List.of("Container"), unit.sectionNames());
        assertEquals("1", only(unit, "Container", "A"));
    }

    @Test
    void lineWithoutEqualsIsAnErrorNamingFileAndLine() {
        UnitFileException e = assertThrows(UnitFileException.class, () -> parse("[Container]\nA=1\nRootfs /srv\n"));
        assertEquals(FILE, e.file());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("/units/web.container:3: "), e.getMessage());
        assertTrue(e.getMessage().contains("missing '='"), e.getMessage());
    }

    @Test
    void missingKeyNameIsAnError() {
        UnitFileException e = assertThrows(UnitFileException.class, () -> parse("[Container]\n=value\n"));
        assertEquals(2, e.line());
    }

    @Test
    void entryBeforeAnySectionIsAnError() {
        UnitFileException e = assertThrows(UnitFileException.class, () -> parse("# c\nRootfs=/srv\n[Container]\n"));
        assertEquals(2, e.line());
        assertEquals("Rootfs", e.key());
        assertTrue(e.getMessage().startsWith("/units/web.container:2: Rootfs: "), e.getMessage());
    }

    @Test
    void malformedSectionHeaderIsAnError() {
        UnitFileException e = assertThrows(UnitFileException.class, () -> parse("[Container\nA=1\n"));
        assertEquals(1, e.line());
        assertThrows(UnitFileException.class, () -> parse("[]\nA=1\n"));
    }

    @Test
    void specifiersPassThroughUntouched() throws Exception {
        UnitFile unit = parse("[Container]\nRootfs=%h/rootfs/%i\nEnvironment=UNIT=%n PCT=%%\n");
        assertEquals("%h/rootfs/%i", only(unit, "Container", "Rootfs"));
        assertEquals("UNIT=%n PCT=%%", only(unit, "Container", "Environment"));
    }

    @Test
    void emptySectionStillExists() throws Exception {
        UnitFile unit = parse("[Service]\n[Container]\nA=1\n");
        assertTrue(unit.hasSection("Service"));
        assertTrue(unit.entries("Service").isEmpty());
        assertFalse(unit.hasSection("Install"));
    }

    @Test
    void invalidUtf8IsAnErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.container");
        Files.write(file, new byte[] {'[', 'C', ']', '\n', 'A', '=', (byte) 0xC3, (byte) 0x28, '\n'});
        UnitFileException e = assertThrows(UnitFileException.class, () -> UnitFileParser.parse(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void dropInEntriesAreAppendedToTheSameUnit(@TempDir Path dir) throws Exception {
        Path main = Files.writeString(dir.resolve("web.container"), "[Container]\nVolume=/a:/a\n");
        Path dropIn = Files.writeString(dir.resolve("10.conf"), "[Container]\nVolume=/b:/b\n[Service]\nRestart=always\n");
        UnitFile unit = UnitFileParser.parse(main);
        UnitFileParser.parseInto(unit, dropIn);
        assertEquals(List.of("/a:/a", "/b:/b"), values(unit, "Container", "Volume"));
        assertEquals(dropIn, unit.last("Service", "Restart").file());
        assertEquals(main, unit.path());
    }
}

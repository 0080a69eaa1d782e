package dev.sublet.generator.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SystemdQuotingTest {

    @Test
    void plainWordsStayBare() {
        assertEquals("/usr/bin/sublet run --name web --rootfs %h/rootfs",
                SystemdQuoting.commandLine(List.of("/usr/bin/sublet", "run", "--name", "web", "--rootfs", "%h/rootfs")));
    }

    @Test
    void wordsWithBlanksOrQuotesAreDoubleQuoted() {
        assertEquals("\"a b\" \"it's\" \"say \\\"hi\\\"\" \"\"",
                SystemdQuoting.commandLine(List.of("a b", "it's", "say \"hi\"", "")));
    }

    @Test
    void backslashesAreEscapedInsideQuotes() {
        assertEquals("\"C:\\\\dir\"", SystemdQuoting.commandLine(List.of("C:\\dir")));
    }

    @Test
    void dollarsAreDoubledSoSystemdDoesNotExpandThem() {
        assertEquals("--env HOME=$$HOME \"a $${B}\"", SystemdQuoting.commandLine(List.of("--env", "HOME=$HOME", "a ${B}")));
    }

    @Test
    void percentSpecifiersAreLeftForSystemd() {
        assertEquals("%h/data:/data %i 100%%", SystemdQuoting.commandLine(List.of("%h/data:/data", "%i", "100%%")));
    }

    @Test
    void controlCharactersBecomeCEscapes() {
        assertEquals("\"a\\nb\\tc\\x01\"", SystemdQuoting.commandLine(List.of("a\nb\tc\u0001")));
    }

    @Test
    void loneSemicolonIsEscaped() {
        assertEquals("sh -c \"echo; ls\" \\;", SystemdQuoting.commandLine(List.of("sh", "-c", "echo; ls", ";")));
    }

    @Test
    void listItemsAreQuotedOnlyWhenNeededAndKeepDollars() {
        assertEquals("%h/data", SystemdQuoting.listItem("%h/data"));
        assertEquals("\"/srv/db root\"", SystemdQuoting.listItem("/srv/db root"));
        assertEquals("\"/a\\\\b \\\"$x\\\"\"", SystemdQuoting.listItem("/a\\b \"$x\""));
    }

    @Test
    void roundTripsThroughSystemdsSplittingRules() {
        List<String> words = List.of("/bin/sh", "-c", "echo \"$HOME\" 'x' \\ done", "", "tab\there", "$$", "%n", "a\\b");
        assertEquals(words, SystemdExecSplitter.split(SystemdQuoting.commandLine(words)));
    }
}

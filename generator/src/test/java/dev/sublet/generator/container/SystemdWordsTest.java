package dev.sublet.generator.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Splitting and unescaping as systemd's extract_first_word(EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE) does it. */
class SystemdWordsTest {

    @Test
    void whitespaceSeparatesWordsAndRunsOfItCollapse() {
        assertEquals(List.of("/bin/httpd", "-f", "-p", "80"), SystemdWords.split("  /bin/httpd\t-f  -p 80 \r\n"));
    }

    @Test
    void blankTextHasNoWords() {
        assertEquals(List.of(), SystemdWords.split(" \t "));
    }

    @Test
    void doubleAndSingleQuotesGroupWords() {
        assertEquals(List.of("sh", "-c", "echo 'hi there'", "a b"),
                SystemdWords.split("sh -c \"echo 'hi there'\" 'a b'"));
    }

    @Test
    void quotesInsideAWordJoinWithItsUnquotedParts() {
        assertEquals(List.of("ab cd", "x=1 2"), SystemdWords.split("a\"b c\"d x='1 2'"));
    }

    @Test
    void emptyQuotesAreAnEmptyWord() {
        assertEquals(List.of("a", "", "b"), SystemdWords.split("a \"\" b"));
    }

    @Test
    void cEscapesAreDecodedOutsideAndInsideQuotes() {
        assertEquals(List.of("a\nb", "tab\there", "q\"uote", "back\\slash", "s p"),
                SystemdWords.split("a\\nb \"tab\\there\" 'q\\\"uote' back\\\\slash s\\sp"));
    }

    @Test
    void backslashBeforeWhitespaceKeepsTheWhitespaceInTheWord() {
        assertEquals(List.of("two words", "x"), SystemdWords.split("two\\ words x"));
    }

    @Test
    void hexAndOctalEscapesAreUtf8Bytes() {
        assertEquals(List.of("ä", "ä", "A"), SystemdWords.split("\\xc3\\xa4 \\303\\244 \\101"));
    }

    @Test
    void unicodeEscapesAreCodePoints() {
        assertEquals(List.of("é", "😀"), SystemdWords.split("\\u00e9 \\U0001F600"));
    }

    @Test
    void specifiersAndDollarsAreLeftForSystemd() {
        assertEquals(List.of("%h/data", "$HOME", "${X}"), SystemdWords.split("%h/data $HOME ${X}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"open", "'open", "a\"b", "trailing\\", "\\q", "\\x4", "\\xzz", "\\x00", "\\000",
            "\\400", "\\u12", "\\UFFFFFFFF", "\\ud800", "\\xff"})
    void malformedQuotingIsAnErrorNotAGuess(String text) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> SystemdWords.split(text));
        assertTrue(error.getMessage() != null && !error.getMessage().isBlank());
    }

    @Test
    void errorsSayWhatIsWrong() {
        assertTrue(SystemdWords.split("ok").size() == 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SystemdWords.split("say \"hi"))
                .getMessage().contains("unterminated double quote"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SystemdWords.split("a\\"))
                .getMessage().contains("trailing backslash"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SystemdWords.split("\\q"))
                .getMessage().contains("unknown escape \\q"));
    }
}

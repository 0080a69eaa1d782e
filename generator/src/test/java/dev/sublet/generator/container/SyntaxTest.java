package dev.sublet.generator.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Each hand-written check of {@link Syntax} accepts exactly what the regular expression it replaced accepts. */
class SyntaxTest {

    private static final Pattern CONTAINER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Pattern HOST_NAME = Pattern.compile(
            "[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*");
    private static final Pattern TIMEZONE = Pattern.compile("[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+");
    private static final Pattern TMPFS_SIZE = Pattern.compile("[0-9]+[kKmMgG%]?");
    private static final Pattern OCTAL_MODE = Pattern.compile("[0-7]{1,4}");

    /** Short strings over the characters the expressions treat specially, plus a few they reject. */
    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("aZ09_.-+/%kmMgG78 é\n").ofMinLength(0).ofMaxLength(8);
    }

    @Property(tries = 3000)
    void containerNames(@ForAll("texts") String text) {
        assertEquals(CONTAINER_NAME.matcher(text).matches(), Syntax.isContainerName(text), text);
    }

    @Property(tries = 3000)
    void hostNames(@ForAll("texts") String text) {
        assertEquals(HOST_NAME.matcher(text).matches(), Syntax.isHostName(text), text);
    }

    @Property(tries = 3000)
    void timezoneNames(@ForAll("texts") String text) {
        assertEquals(TIMEZONE.matcher(text).matches(), Syntax.isTimezoneName(text), text);
    }

    @Property(tries = 3000)
    void numbers(@ForAll("texts") String text) {
        assertEquals(NUMBER.matcher(text).matches(), Syntax.isNumber(text), text);
        assertEquals(TMPFS_SIZE.matcher(text).matches(), Syntax.isTmpfsSize(text), text);
        assertEquals(OCTAL_MODE.matcher(text).matches(), Syntax.isOctalMode(text), text);
    }

    @Test
    void examples() {
        assertTrue(Syntax.isHostName("web-1.example"));
        assertFalse(Syntax.isHostName("web-.example"));
        assertFalse(Syntax.isHostName("web..example"));
        assertTrue(Syntax.isTimezoneName("America/Argentina/Buenos_Aires"));
        assertFalse(Syntax.isTimezoneName("Europe//Berlin"));
        assertTrue(Syntax.isTmpfsSize("64m"));
        assertFalse(Syntax.isTmpfsSize("m"));
        assertTrue(Syntax.isOctalMode("1777"));
        assertFalse(Syntax.isOctalMode("17777"));
    }
}

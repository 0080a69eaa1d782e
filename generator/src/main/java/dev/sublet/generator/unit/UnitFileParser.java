package dev.sublet.generator.unit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The lexer for unit files, written to systemd.syntax(7) and systemd's conf-parser.c rather than
 * to a generic INI library, whose line joining, comment and ':' handling differ from systemd's
 * (see the README's dependency notes). Rules, as systemd applies them:
 * <ul>
 *   <li>a line whose first non-blank character is {@code #} or {@code ;} is a comment, also in
 *       the middle of a continuation (it neither ends nor joins it);</li>
 *   <li>a line ending in an unescaped backslash continues on the next line: the backslash
 *       becomes a space and the next line is appended as it is;</li>
 *   <li>a continuation still open at the end of the file is taken as it is;</li>
 *   <li>{@code \n}, {@code \r\n} and a lone {@code \r} end a line; a UTF-8 BOM at the start is
 *       skipped;</li>
 *   <li>{@code [Name]} opens (or re-opens, merging) a section; {@code Key=Value} splits at the
 *       first {@code =}, both sides stripped of blanks; keys are case-sensitive and may contain
 *       {@code :}; values are kept raw, so specifiers such as {@code %h} reach systemd untouched.</li>
 * </ul>
 * Where systemd only warns and ignores (no {@code =}, an entry outside a section), this lexer
 * refuses the file: a silently dropped setting in a container definition is worse than an error.
 * An entry's line number is the first physical line of its (possibly continued) line.
 */
public final class UnitFileParser {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private UnitFileParser() {
    }

    /** Parses a main unit file. */
    public static UnitFile parse(Path file) throws UnitFileException {
        UnitFile unit = new UnitFile(file);
        parseInto(unit, file);
        return unit;
    }

    /** Parses {@code file} (a drop-in, or the main file) and appends its entries to {@code unit}. */
    public static void parseInto(UnitFile unit, Path file) throws UnitFileException {
        parseText(unit, file, read(file));
    }

    /** Parses {@code text} as if read from {@code file} (which only names errors and entries). */
    public static void parseText(UnitFile unit, Path file, String text) throws UnitFileException {
        new Lexer(unit, file).run(text);
    }

    private static String read(Path file) throws UnitFileException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UnitFileException(file, 0, null, "cannot read: no such file");
        } catch (AccessDeniedException e) {
            throw new UnitFileException(file, 0, null, "cannot read: permission denied");
        } catch (IOException e) {
            throw new UnitFileException(file, 0, null, "cannot read: " + e);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new UnitFileException(file, 0, null, "not valid UTF-8: save the file as UTF-8");
        }
    }

    /** One pass over one file's text. */
    private static final class Lexer {
        private final UnitFile unit;
        private final Path file;
        private String section;
        private StringBuilder continuation;
        private int logicalLineStart;

        Lexer(UnitFile unit, Path file) {
            this.unit = unit;
            this.file = file;
        }

        void run(String text) throws UnitFileException {
            int pos = text.isEmpty() || text.charAt(0) != BYTE_ORDER_MARK ? 0 : 1;
            int lineNumber = 0;
            while (pos < text.length()) {
                int end = pos;
                while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                    end++;
                }
                lineNumber++;
                physicalLine(text.substring(pos, end), lineNumber);
                if (end < text.length() && text.charAt(end) == '\r'
                        && end + 1 < text.length() && text.charAt(end + 1) == '\n') {
                    end++;
                }
                pos = end + 1;
            }
            if (continuation != null) {
                logicalLine(continuation.toString(), logicalLineStart);
            }
        }

        private void physicalLine(String raw, int lineNumber) throws UnitFileException {
            if (isComment(raw)) {
                return;
            }
            if (continuation == null) {
                logicalLineStart = lineNumber;
                if (!endsWithUnescapedBackslash(raw)) {
                    logicalLine(raw, lineNumber);
                    return;
                }
                continuation = new StringBuilder(raw);
            } else {
                continuation.append(raw);
                if (!endsWithUnescapedBackslash(raw)) {
                    String joined = continuation.toString();
                    continuation = null;
                    logicalLine(joined, logicalLineStart);
                    return;
                }
            }
            // systemd turns the continuation backslash into the separating space.
            continuation.setCharAt(continuation.length() - 1, ' ');
        }

        private void logicalLine(String raw, int lineNumber) throws UnitFileException {
            String line = strip(raw);
            if (line.isEmpty()) {
                return;
            }
            if (line.charAt(0) == '[') {
                openSection(line, lineNumber);
                return;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new UnitFileException(file, lineNumber, null,
                        "missing '=' in \"" + line + "\": expected Key=Value, a [Section] header or a # comment");
            }
            if (eq == 0) {
                throw new UnitFileException(file, lineNumber, null, "missing key name before '='");
            }
            String key = strip(line.substring(0, eq));
            if (section == null) {
                throw new UnitFileException(file, lineNumber, key,
                        "assignment outside of any section: put it under a header such as [Container]");
            }
            unit.add(section, new Entry(key, strip(line.substring(eq + 1)), file, lineNumber));
        }

        private void openSection(String line, int lineNumber) throws UnitFileException {
            if (line.length() < 2 || line.charAt(line.length() - 1) != ']') {
                throw new UnitFileException(file, lineNumber, null,
                        "invalid section header '" + line + "': expected [Name]");
            }
            String name = line.substring(1, line.length() - 1);
            if (name.isEmpty()) {
                throw new UnitFileException(file, lineNumber, null, "empty section name '[]'");
            }
            section = name;
            unit.touchSection(name);
        }
    }

    private static boolean isComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (!isBlank(c)) {
                return c == '#' || c == ';';
            }
        }
        return false;
    }

    /** True if the line ends in a backslash that is not itself escaped ({@code \\} at the end is literal). */
    private static boolean endsWithUnescapedBackslash(String line) {
        boolean escaped = false;
        for (int i = 0; i < line.length(); i++) {
            escaped = !escaped && line.charAt(i) == '\\';
        }
        return escaped;
    }

    /** Strips systemd's WHITESPACE set (space, tab, CR, LF) only, unlike {@link String#strip()}. */
    static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isBlank(text.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}

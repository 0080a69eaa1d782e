package dev.sublet.generator.container;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a setting into words the way systemd's {@code extract_first_word()} does for
 * {@code ExecStart=} and {@code Environment=} (and Quadlet's port of it for {@code Exec=},
 * {@code Environment=}, {@code Label=}, {@code Mount=}): words are separated by whitespace, single
 * and double quotes group (also in the middle of a word: {@code a"b c"} is {@code ab c}), and C
 * escapes ({@code \n}, {@code \t}, {@code \s}, {@code \xNN}, {@code \NNN}, u and U escapes) are
 * decoded inside and outside quotes; {@code \xNN} and {@code \NNN} are bytes of UTF-8, as in
 * systemd. A backslash before whitespace keeps it, as ExecStart= does.
 * Unlike a shell, nothing else is special: {@code %} specifiers and {@code $} are left for systemd.
 * Unterminated quotes, a trailing backslash, unknown escapes and NUL are errors rather than guesses.
 */
final class SystemdWords {

    private static final String SEPARATORS = " \t\n\r";

    private SystemdWords() {
    }

    /** @throws IllegalArgumentException saying what is malformed */
    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < text.length() && isSeparator(text.charAt(i))) {
                i++;
            }
            if (i >= text.length()) {
                return words;
            }
            Word word = new Word();
            char quote = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i = unescape(text, i + 1, word);
                } else if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        word.append(c);
                    }
                    i++;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                    i++;
                } else if (isSeparator(c)) {
                    break;
                } else {
                    word.append(c);
                    i++;
                }
            }
            if (quote != 0) {
                throw new IllegalArgumentException("unterminated " + (quote == '"' ? "double" : "single")
                        + " quote: close it or escape it as \\" + quote);
            }
            words.add(word.toString());
        }
    }

    private static boolean isSeparator(char c) {
        return SEPARATORS.indexOf(c) >= 0;
    }

    /** Decodes the escape whose letter is at {@code i}; returns the index after it. */
    private static int unescape(String text, int i, Word out) {
        if (i >= text.length()) {
            throw new IllegalArgumentException("trailing backslash: remove it or write \\\\ for a backslash");
        }
        char c = text.charAt(i);
        switch (c) {
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            case 's' -> out.append(' ');
            case '\\', '"', '\'' -> out.append(c);
            case 'x' -> {
                return appendByte(text, i + 1, 2, 16, out);
            }
            case 'u' -> {
                return appendCodePoint(text, i + 1, 4, out);
            }
            case 'U' -> {
                return appendCodePoint(text, i + 1, 8, out);
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    return appendByte(text, i, 3, 8, out);
                }
                if (isSeparator(c)) {
                    out.append(c);
                } else {
                    throw new IllegalArgumentException("unknown escape \\" + c + ": write \\\\ for a backslash");
                }
            }
        }
        return i + 1;
    }

    /** Reads exactly {@code digits} digits of {@code radix} starting at {@code start}. */
    private static int number(String text, int start, int digits, int radix) {
        int value = 0;
        for (int i = start; i < start + digits; i++) {
            int digit = i < text.length() ? Character.digit(text.charAt(i), radix) : -1;
            if (digit < 0) {
                String form = radix == 8 ? "\\NNN (3 octal digits)" : digits + " hex digits";
                throw new IllegalArgumentException("malformed escape near '" + text.substring(start - 1)
                        + "': expected " + form);
            }
            value = value * radix + digit;
        }
        if (value == 0) {
            throw new IllegalArgumentException("NUL characters are not allowed");
        }
        return value;
    }

    /** {@code \xNN} and {@code \NNN} are bytes, as in systemd: several of them may form one UTF-8 character. */
    private static int appendByte(String text, int start, int digits, int radix, Word out) {
        int value = number(text, start, digits, radix);
        if (value > 0xFF) {
            throw new IllegalArgumentException("octal escape near '" + text.substring(start - 1) + "' is above \\377");
        }
        out.appendByte(value);
        return start + digits;
    }

    private static int appendCodePoint(String text, int start, int digits, Word out) {
        int codePoint = number(text, start, digits, 16);
        if (!Character.isValidCodePoint(codePoint) || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
            throw new IllegalArgumentException("escape near '" + text.substring(start - 1) + "' is not a valid character");
        }
        out.appendCodePoint(codePoint);
        return start + digits;
    }

    /** A word under construction; escaped bytes are collected and decoded as UTF-8 when text follows. */
    private static final class Word {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        void append(char c) {
            flushBytes();
            text.append(c);
        }

        void appendCodePoint(int codePoint) {
            flushBytes();
            text.appendCodePoint(codePoint);
        }

        void appendByte(int value) {
            bytes.write(value);
        }

        private void flushBytes() {
            if (bytes.size() == 0) {
                return;
            }
            try {
                text.append(StandardCharsets.UTF_8.newDecoder()
                        .decode(ByteBuffer.wrap(bytes.toByteArray())));
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("escaped bytes are not valid UTF-8");
            }
            bytes.reset();
        }

        @Override
        public String toString() {
            flushBytes();
            return text.toString();
        }
    }
}

package dev.sublet.generator.container;

import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * Entrypoint= as Podman's {@code --entrypoint} reads it: a JSON array of strings
 * ({@code ["/bin/sh", "-c"]}) gives several words, any other value is one word, the executable.
 */
final class Entrypoint {

    private final Entry entry;
    private final String text;
    private int position;

    private Entrypoint(Entry entry) {
        this.entry = entry;
        this.text = entry.value().trim();
    }

    static List<String> parse(Entry entry) throws UnitFileException {
        Entrypoint parser = new Entrypoint(entry);
        return parser.text.startsWith("[") ? parser.jsonArray() : List.of(parser.text);
    }

    private List<String> jsonArray() throws UnitFileException {
        List<String> words = new ArrayList<>();
        position = 1;
        skipWhitespace();
        if (peek() == ']') {
            position++;
        } else {
            while (true) {
                words.add(jsonString());
                skipWhitespace();
                char c = next();
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    throw malformed("expected ',' or ']'");
                }
                skipWhitespace();
            }
        }
        skipWhitespace();
        if (position != text.length()) {
            throw malformed("text after the closing ']'");
        }
        if (words.isEmpty() || words.get(0).isEmpty()) {
            throw new UnitFileException(entry, "the entrypoint is empty: give the executable first");
        }
        return words;
    }

    private String jsonString() throws UnitFileException {
        if (next() != '"') {
            throw malformed("expected a string in double quotes");
        }
        StringBuilder word = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return word.toString();
            }
            if (c != '\\') {
                word.append(c);
                continue;
            }
            char escaped = next();
            switch (escaped) {
                case '"', '\\', '/' -> word.append(escaped);
                case 'b' -> word.append('\b');
                case 'f' -> word.append('\f');
                case 'n' -> word.append('\n');
                case 'r' -> word.append('\r');
                case 't' -> word.append('\t');
                case 'u' -> word.append(hexChar());
                default -> throw malformed("unknown escape \\" + escaped);
            }
        }
    }

    private char hexChar() throws UnitFileException {
        if (position + 4 > text.length()) {
            throw malformed("\\u needs 4 hex digits");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(position++), 16);
            if (digit < 0) {
                throw malformed("\\u needs 4 hex digits");
            }
            value = value * 16 + digit;
        }
        if (value == 0) {
            throw malformed("NUL characters are not allowed");
        }
        return (char) value;
    }

    private void skipWhitespace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private char peek() {
        return position < text.length() ? text.charAt(position) : 0;
    }

    private char next() throws UnitFileException {
        if (position >= text.length()) {
            throw malformed("unexpected end");
        }
        return text.charAt(position++);
    }

    private UnitFileException malformed(String problem) {
        return new UnitFileException(entry, "a value starting with '[' must be a JSON array of strings such as"
                + " [\"/bin/sh\", \"-c\"]: " + problem + " at character " + (position + 1));
    }
}

package dev.sublet.generator.output;

import java.util.List;

/**
 * Writes a command line so that systemd's {@code ExecStart=} parser gives back exactly these
 * words. Words with blanks, quotes, backslashes or control characters are double-quoted with
 * {@code \} and {@code "} escaped (control characters as C escapes); every {@code $} is doubled so
 * systemd does not expand variables; a lone {@code ;} (a command separator to systemd) is written
 * {@code \;}. {@code %} is left alone on purpose: specifiers such as {@code %h} in a unit's
 * settings are meant for systemd to expand, and a literal percent is already {@code %%} there.
 */
public final class SystemdQuoting {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SystemdQuoting() {
    }

    public static String commandLine(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (!line.isEmpty()) {
                line.append(' ');
            }
            appendWord(line, word);
        }
        return line.toString();
    }

    /**
     * One item of a blank-separated list setting such as {@code RequiresMountsFor=}, which systemd
     * unquotes but does not C-unescape or variable-expand: quoted only when needed, {@code $} kept.
     */
    public static String listItem(String word) {
        if (!word.isEmpty() && !needsQuotes(word)) {
            return word;
        }
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '\\' || c == '"') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    /** True if the text would not stay on one unit-file line. */
    public static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    static void appendWord(StringBuilder out, String word) {
        if (word.equals(";")) {
            out.append("\\;");
            return;
        }
        boolean quote = word.isEmpty() || needsQuotes(word);
        if (quote) {
            out.append('"');
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '$' -> out.append("$$");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (isControl(c)) {
                        out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (quote) {
            out.append('"');
        }
    }

    private static boolean needsQuotes(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == ' ' || c == '"' || c == '\'' || c == '\\' || isControl(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f;
    }
}

package dev.sublet.generator.container;

/**
 * The ASCII shapes that names, zones and tmpfs values in [Container] must have, checked by hand
 * rather than with java.util.regex: every daemon-reload would otherwise compile the patterns and,
 * on its cold JVM, load and link the regex engine (docs/design-notes.md, "Start-up"). Each method
 * names the regular expression it stands for; SyntaxTest holds them side by side.
 */
final class Syntax {

    private Syntax() {
    }

    /** {@code [a-zA-Z0-9][a-zA-Z0-9_.-]*} */
    static boolean isContainerName(String text) {
        if (text.isEmpty() || !isLetterOrDigit(text.charAt(0))) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isLetterOrDigit(c) && c != '_' && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code L(\.L)*} with {@code L = [a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?}: labels never start or end with '-'. */
    static boolean isHostName(String text) {
        int labelStart = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '.') {
                if (i == labelStart || text.charAt(labelStart) == '-' || text.charAt(i - 1) == '-') {
                    return false;
                }
                labelStart = i + 1;
            } else if (!isLetterOrDigit(text.charAt(i)) && text.charAt(i) != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code [A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*} */
    static boolean isTimezoneName(String text) {
        int segmentStart = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '/') {
                if (i == segmentStart) {
                    return false;
                }
                segmentStart = i + 1;
            } else {
                char c = text.charAt(i);
                if (!isLetterOrDigit(c) && c != '_' && c != '+' && c != '-') {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code [0-9]+} */
    static boolean isNumber(String text) {
        return !text.isEmpty() && digitsBefore(text, text.length());
    }

    /** {@code [0-9]+[kKmMgG%]?} */
    static boolean isTmpfsSize(String text) {
        if (text.isEmpty()) {
            return false;
        }
        int end = text.length();
        if ("kKmMgG%".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return end > 0 && digitsBefore(text, end);
    }

    /** {@code [0-7]{1,4}} */
    static boolean isOctalMode(String text) {
        if (text.isEmpty() || text.length() > 4) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    private static boolean digitsBefore(String text, int end) {
        for (int i = 0; i < end; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

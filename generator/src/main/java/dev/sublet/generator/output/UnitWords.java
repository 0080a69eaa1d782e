package dev.sublet.generator.output;

import java.util.ArrayList;
import java.util.List;

/** Splits a list-of-unit-names value ({@code After=a.service b.service}) at blanks, without regex. */
final class UnitWords {

    private UnitWords() {
    }

    static List<String> split(String value) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < value.length()) {
            while (i < value.length() && isBlank(value.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < value.length() && !isBlank(value.charAt(i))) {
                i++;
            }
            if (i > start) {
                words.add(value.substring(start, i));
            }
        }
        return words;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}

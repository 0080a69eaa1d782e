package dev.sublet.generator.output;

import java.util.ArrayList;
import java.util.List;

/** Test model of systemd's command-line splitting, independent of {@link SystemdQuoting}. */
final class SystemdExecSplitter {

    private SystemdExecSplitter() {
    }

    /**
     * An independent model of how systemd reads an ExecStart= line (extract_first_word with
     * UNQUOTE and CUNESCAPE, then "$$" to "$"), for the escapes this quoting produces.
     */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            if (i >= line.length()) {
                break;
            }
            StringBuilder word = new StringBuilder();
            boolean quoted = false;
            while (i < line.length() && (quoted || line.charAt(i) != ' ')) {
                char c = line.charAt(i++);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '\\') {
                    char next = line.charAt(i++);
                    switch (next) {
                        case 'n' -> word.append('\n');
                        case 't' -> word.append('\t');
                        case 'r' -> word.append('\r');
                        case 'x' -> {
                            word.append((char) Integer.parseInt(line.substring(i, i + 2), 16));
                            i += 2;
                        }
                        default -> word.append(next);
                    }
                } else if (c == '$' && i < line.length() && line.charAt(i) == '$') {
                    word.append('$');
                    i++;
                } else {
                    word.append(c);
                }
            }
            words.add(word.toString());
        }
        return words;
    }
}

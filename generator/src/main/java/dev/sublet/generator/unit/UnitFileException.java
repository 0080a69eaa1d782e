package dev.sublet.generator.unit;

import java.nio.file.Path;

/**
 * A problem with one unit file. The message is printed as
 * {@code file:line: key: what is wrong} (key and line omitted where they do not apply);
 * the generator skips that unit and carries on with the others.
 */
public class UnitFileException extends Exception {

    private final Path file;
    private final int line;
    private final String key;
    private final String problem;

    public UnitFileException(Path file, int line, String key, String problem) {
        super(format(file, line, key, problem));
        this.file = file;
        this.line = line;
        this.key = key;
        this.problem = problem;
    }

    /** An error about one entry: names the entry's file, line and key. */
    public UnitFileException(Entry entry, String problem) {
        this(entry.file(), entry.line(), entry.key(), problem);
    }

    public Path file() { return file; }
    public int line() { return line; }
    public String key() { return key; }
    public String problem() { return problem; }

    private static String format(Path file, int line, String key, String problem) {
        StringBuilder text = new StringBuilder().append(file);
        if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ");
        if (key != null) {
            text.append(key).append(": ");
        }
        return text.append(problem).toString();
    }
}

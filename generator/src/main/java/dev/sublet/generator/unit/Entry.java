package dev.sublet.generator.unit;

import java.nio.file.Path;

/** One {@code Key=Value} assignment with where it came from, so errors can name file and line. */
public record Entry(String key, String value, Path file, int line) {

    /** {@code file:line} for error messages. */
    public String location() {
        return file + ":" + line;
    }
}

package dev.sublet.generator.discovery;

import java.nio.file.Path;

/** A {@code .container} file that won its name: the one the generator reads for that name. */
public record SourceUnit(String fileName, Path path) {
}

package dev.sublet.generator.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes services and their [Install] links into the generator's output directory. */
public final class UnitDirectoryWriter implements UnitSink {

    private final Path outputDir;

    public UnitDirectoryWriter(Path outputDir) {
        this.outputDir = outputDir.toAbsolutePath().normalize();
    }

    @Override
    public void accept(ServiceUnit unit) throws IOException {
        Files.createDirectories(outputDir);
        AtomicFiles.writeString(inside(unit.name()), unit.text());
        for (InstallLink link : unit.links()) {
            Path path = inside(link.path());
            Files.createDirectories(path.getParent());
            AtomicFiles.symlink(path, link.target());
        }
    }

    /** Names were validated as unit names; this is the last guard against writing outside the directory. */
    private Path inside(String relative) throws IOException {
        Path path = outputDir.resolve(relative).normalize();
        if (!path.startsWith(outputDir) || path.equals(outputDir)) {
            throw new IOException("refusing to write " + relative + " outside " + outputDir);
        }
        return path;
    }
}

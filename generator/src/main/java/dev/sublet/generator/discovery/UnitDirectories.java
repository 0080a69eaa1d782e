package dev.sublet.generator.discovery;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Expands search roots into the ordered list of directories to read: each root, then its
 * subdirectories depth-first in name order. Symbolic links to directories are followed, but a
 * directory already seen (by its real path) is not entered again, so link loops end.
 * {@code *.d} directories are drop-in directories, not unit directories, and are not entered.
 */
public final class UnitDirectories {

    private UnitDirectories() {
    }

    /**
     * @param problems receives a message per directory that exists but cannot be read (a missing
     *                 root is normal and silent); the list is then incomplete
     */
    public static List<Path> walk(List<SearchRoot> roots, Consumer<String> problems) {
        List<Path> result = new ArrayList<>();
        Set<Path> visited = new HashSet<>();
        for (SearchRoot root : roots) {
            visit(root.dir(), root, true, visited, result, problems);
        }
        return result;
    }

    private static void visit(Path dir, SearchRoot root, boolean top, Set<Path> visited, List<Path> result,
                              Consumer<String> problems) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            problems.accept(dir + ": cannot read unit directory: " + e);
            return;
        }
        if (!Files.isDirectory(real) || !visited.add(real)) {
            return;
        }
        result.add(dir);
        for (Path child : sortedChildren(dir, problems)) {
            String name = child.getFileName().toString();
            if (name.endsWith(".d") || (top && root.skipping().skips(name)) || !Files.isDirectory(child)) {
                continue;
            }
            visit(child, root, false, visited, result, problems);
        }
    }

    /**
     * The entries of {@code dir} in name order. Each name is taken once, as a TreeMap key: a
     * comparator that asks both paths for their names makes two Path objects and decodes two names
     * per comparison, which a cold JVM interprets slowly (a few ms for a hundred units).
     */
    static List<Path> sortedChildren(Path dir, Consumer<String> problems) {
        Map<String, Path> children = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                children.put(entry.getFileName().toString(), entry);
            }
        } catch (IOException e) {
            problems.accept(dir + ": cannot read unit directory: " + e);
        }
        return new ArrayList<>(children.values());
    }
}

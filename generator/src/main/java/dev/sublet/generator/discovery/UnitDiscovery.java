package dev.sublet.generator.discovery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds the {@code .container} files in the walked search directories; the first file of a given
 * name wins, even if it turns out to be broken (falling back to a lower-precedence copy would run
 * a definition its administrator meant to replace).
 */
public final class UnitDiscovery {

    /** Quadlet unit types sublet does not implement: noted, not fatal, so a mixed directory still works. */
    private static final Set<String> OTHER_QUADLET_TYPES =
            Set.of(".volume", ".network", ".kube", ".pod", ".image", ".build", ".artifact");

    private UnitDiscovery() {
    }

    /**
     * @param dirs     search directories in precedence order, as {@link UnitDirectories#walk} gives them
     * @param problems receives a message per directory that cannot be listed
     * @param warnings receives one note per unsupported Quadlet file
     * @param debug    receives notes about shadowed files
     */
    public static List<SourceUnit> discover(List<Path> dirs, Consumer<String> problems, Consumer<String> warnings,
                                            Consumer<String> debug) {
        Map<String, Path> winners = new HashMap<>();
        List<SourceUnit> units = new ArrayList<>();
        for (Path dir : dirs) {
            for (Path file : UnitDirectories.sortedChildren(dir, problems)) {
                String name = file.getFileName().toString();
                if (!name.endsWith(UnitName.EXTENSION)) {
                    noteOtherType(file, name, warnings);
                    continue;
                }
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                Path winner = winners.putIfAbsent(name, file);
                if (winner == null) {
                    units.add(new SourceUnit(name, file));
                } else {
                    debug.accept(file + " is shadowed by " + winner);
                }
            }
        }
        return units;
    }

    private static void noteOtherType(Path file, String name, Consumer<String> warnings) {
        int dot = name.lastIndexOf('.');
        if (dot > 0 && OTHER_QUADLET_TYPES.contains(name.substring(dot)) && Files.isRegularFile(file)) {
            warnings.accept(file + ": sublet only generates .container units; ignoring this file");
        }
    }
}

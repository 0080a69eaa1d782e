package dev.sublet.generator.unit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds the drop-in files of a unit file as Quadlet (and systemd for its own units) does. For
 * {@code foo-bar@inst.container} the directories are, most specific first:
 * {@code foo-bar@inst.container.d}, {@code foo-bar@.container.d}, {@code foo-.container.d} and
 * {@code container.d}. They are looked up in every search directory, in search-path order; only
 * {@code *.conf} files count, the first file of a given name wins (so an administrator's
 * {@code 10-x.conf} can mask a vendor's), and the winners are merged in name order.
 */
public final class DropIns {

    private static final String CONF_SUFFIX = ".conf";
    private static final String DIRECTORY_SUFFIX = ".d";

    private final List<Path> searchDirs;
    /** Per search directory, the names of its entries that end in ".d"; null where it could not be listed. */
    private final List<Set<String>> candidates;
    /** False when no search directory has any "*.d" entry. */
    private final boolean anyCandidate;

    private DropIns(List<Path> searchDirs, List<Set<String>> candidates) {
        this.searchDirs = searchDirs;
        this.candidates = candidates;
        boolean any = false;
        for (Set<String> present : candidates) {
            any |= present == null || !present.isEmpty();
        }
        this.anyCandidate = any;
    }

    /**
     * Lists each search directory once, so that looking up a unit's drop-ins costs no file-system
     * call unless one of its directories exists: probing every candidate of every unit in every
     * search directory cost a cold run about 8 ms per hundred units (docs/design-notes.md,
     * "Start-up").
     *
     * @param searchDirs the unit search directories in precedence order (highest first)
     */
    public static DropIns in(List<Path> searchDirs) {
        List<Set<String>> candidates = new ArrayList<>();
        for (Path searchDir : searchDirs) {
            candidates.add(directoryEntries(searchDir));
        }
        return new DropIns(List.copyOf(searchDirs), candidates);
    }

    /** The names ending in ".d" in {@code dir}, or null when it cannot be listed (then every candidate is probed). */
    private static Set<String> directoryEntries(Path dir) {
        Set<String> names = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(DIRECTORY_SUFFIX)) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            return null;
        }
        return names;
    }

    /**
     * Drop-in directory names for a unit file name such as {@code web.container}, most specific
     * first. Truncation happens at each {@code -} of the part before {@code @}, never inside an
     * instance name.
     */
    public static List<String> directoryNames(String unitFileName) {
        int dot = unitFileName.lastIndexOf('.');
        String base = unitFileName.substring(0, dot);
        String extension = unitFileName.substring(dot); // ".container"
        String dropInSuffix = extension + DIRECTORY_SUFFIX;
        int at = base.indexOf('@');
        String prefix = at < 0 ? base : base.substring(0, at);

        Set<String> names = new LinkedHashSet<>();
        names.add(unitFileName + DIRECTORY_SUFFIX);
        if (at >= 0) {
            names.add(prefix + "@" + dropInSuffix);
        }
        for (int dash = prefix.lastIndexOf('-'); dash >= 0; dash = prefix.lastIndexOf('-', dash - 1)) {
            names.add(prefix.substring(0, dash + 1) + dropInSuffix);
        }
        names.add(dropInSuffix.substring(1)); // "container.d"
        return List.copyOf(names);
    }

    /**
     * The drop-in files for {@code unitFileName}, in the order they are to be merged.
     *
     * @param searchDirs the unit search directories in precedence order (highest first)
     * @throws UnitFileException if an existing drop-in directory cannot be read; the unit would
     *                           otherwise be generated without settings its author expects
     */
    public static List<Path> find(String unitFileName, List<Path> searchDirs) throws UnitFileException {
        return in(searchDirs).find(unitFileName);
    }

    /** The drop-in files for {@code unitFileName} in this run's search directories, as {@link #find(String, List)}. */
    public List<Path> find(String unitFileName) throws UnitFileException {
        if (!anyCandidate) {
            return new ArrayList<>(); // the usual case
        }
        List<String> dirNames = directoryNames(unitFileName);
        Map<String, Path> winners = new TreeMap<>(); // sorted by file name: the merge order
        for (int i = 0; i < searchDirs.size(); i++) {
            Set<String> present = candidates.get(i);
            for (String dirName : dirNames) {
                if (present == null || present.contains(dirName)) {
                    collect(searchDirs.get(i).resolve(dirName), winners);
                }
            }
        }
        return new ArrayList<>(winners.values());
    }

    private static void collect(Path dropInDir, Map<String, Path> winners) throws UnitFileException {
        if (!Files.isDirectory(dropInDir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dropInDir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(CONF_SUFFIX) && !winners.containsKey(name) && Files.isRegularFile(entry)) {
                    winners.put(name, entry);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            // Vanished between the check and the listing: nothing to merge.
        } catch (IOException e) {
            throw new UnitFileException(dropInDir, 0, null, "cannot read drop-in directory: " + e);
        }
    }
}

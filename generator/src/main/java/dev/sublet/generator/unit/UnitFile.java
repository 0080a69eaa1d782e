package dev.sublet.generator.unit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed unit file with its drop-ins merged: sections in first-seen order (a repeated section is
 * merged into the first), each an ordered list of entries. Repeated keys stay as an ordered list; an
 * empty assignment ({@code Key=}) is kept as an entry too, so {@link #values} can apply systemd's
 * "empty resets the list" rule.
 */
public final class UnitFile {

    private final Path path;
    private final Map<String, List<Entry>> sections = new LinkedHashMap<>();

    public UnitFile(Path path) {
        this.path = path;
    }

    /** The main file (not a drop-in). */
    public Path path() {
        return path;
    }

    public void add(String section, Entry entry) {
        sectionEntries(section).add(entry);
    }

    /** Makes a section exist even if it has no entries (so an empty {@code [Service]} still passes through). */
    public void touchSection(String section) {
        sectionEntries(section);
    }

    /** The section's mutable entry list, made on first use (a plain get and put: no lambda on this hot path). */
    private List<Entry> sectionEntries(String section) {
        List<Entry> entries = sections.get(section);
        if (entries == null) {
            entries = new ArrayList<>();
            sections.put(section, entries);
        }
        return entries;
    }

    public boolean hasSection(String section) {
        return sections.containsKey(section);
    }

    public List<String> sectionNames() {
        return List.copyOf(sections.keySet());
    }

    /** Every entry of a section in file order, including empty assignments. */
    public List<Entry> entries(String section) {
        return Collections.unmodifiableList(sections.getOrDefault(section, List.of()));
    }

    /** The entries for one key after systemd's list semantics: an empty value clears what came before. */
    public List<Entry> values(String section, String key) {
        List<Entry> result = new ArrayList<>();
        for (Entry entry : entries(section)) {
            if (entry.key().equals(key)) {
                if (entry.value().isEmpty()) {
                    result.clear();
                } else {
                    result.add(entry);
                }
            }
        }
        return result;
    }

    /** The last assignment of a key (a later one overrides an earlier one), or null. */
    public Entry last(String section, String key) {
        Entry found = null;
        for (Entry entry : entries(section)) {
            if (entry.key().equals(key)) {
                found = entry;
            }
        }
        return found;
    }
}

package dev.sublet.generator.container;

import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFile;
import dev.sublet.generator.unit.UnitFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The [Container] group of one unit, read with systemd's rules: a single-valued key takes its last
 * assignment and an empty one resets it to unset; a list key keeps every assignment after the last
 * empty one.
 */
final class ContainerGroup {

    static final String NAME = "Container";

    private final UnitFile unit;

    ContainerGroup(UnitFile unit) {
        this.unit = unit;
    }

    List<Entry> entries() {
        return unit.entries(NAME);
    }

    /** The last assignment of a single-valued key, or null when it is unset or reset. */
    Entry last(String key) {
        Entry entry = unit.last(NAME, key);
        return entry == null || entry.value().isEmpty() ? null : entry;
    }

    /** Every assignment of a list key. */
    List<Entry> all(String key) {
        return unit.values(NAME, key);
    }

    /** The value of a boolean key, or {@code otherwise} when it is unset. */
    boolean bool(String key, boolean otherwise) throws UnitFileException {
        Entry entry = last(key);
        return entry == null ? otherwise : parseBoolean(entry);
    }

    /** Every word of a list key as its own entry (same file, line and key), for whitespace-separated lists. */
    List<Entry> words(String key) throws UnitFileException {
        List<Entry> words = new ArrayList<>();
        for (Entry entry : all(key)) {
            for (String word : split(entry)) {
                words.add(new Entry(entry.key(), word, entry.file(), entry.line()));
            }
        }
        return words;
    }

    /** The directory of the unit file itself (not a drop-in's): relative paths resolve against it, as in Quadlet. */
    Path unitDirectory() {
        return unit.path().toAbsolutePath().getParent();
    }

    Path unitPath() {
        return unit.path();
    }

    /** Booleans as systemd's parse_boolean() reads them. */
    static boolean parseBoolean(Entry entry) throws UnitFileException {
        return parseBoolean(entry, entry.value(), "the value");
    }

    /** A boolean inside an entry's value, e.g. the {@code ro=} of a mount; {@code what} names it in errors. */
    static boolean parseBoolean(Entry entry, String value, String what) throws UnitFileException {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "1", "yes", "y", "true", "t", "on" -> true;
            case "0", "no", "n", "false", "f", "off" -> false;
            default -> throw new UnitFileException(entry,
                    what + " '" + value + "' is not a boolean: write yes or no (true/false, on/off, 1/0)");
        };
    }

    /** Splits with systemd's quoting rules, reporting malformed quoting against the entry. */
    static List<String> split(Entry entry) throws UnitFileException {
        try {
            return SystemdWords.split(entry.value());
        } catch (IllegalArgumentException e) {
            throw new UnitFileException(entry, e.getMessage());
        }
    }
}

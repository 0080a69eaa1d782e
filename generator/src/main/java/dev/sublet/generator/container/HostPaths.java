package dev.sublet.generator.container;

import dev.sublet.generator.GeneratorContext;
import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFileException;
import java.nio.file.Path;

/**
 * Makes host paths written in a unit absolute: a relative path resolves against the unit file's
 * directory (as Quadlet does), and a leading directory specifier ({@code %h}, {@code %t}, {@code %S},
 * {@code %C}, {@code %E}, {@code %L}, {@code %T}, {@code %V}) is replaced by the directory systemd
 * would give it. Resolving these here, rather than leaving them to systemd, is what lets the
 * generator check that volume sources are absolute and add {@code RequiresMountsFor=} for them.
 * Specifiers later in the path ({@code /srv/%i}) are left for systemd to expand at start.
 */
final class HostPaths {

    private final GeneratorContext context;
    private final Path unitDirectory;

    HostPaths(GeneratorContext context, Path unitDirectory) {
        this.context = context;
        this.unitDirectory = unitDirectory;
    }

    /** @param what names the path in errors, e.g. "volume source" */
    String absolute(Entry entry, String path, String what) throws UnitFileException {
        if (path.startsWith("%") && !path.startsWith("%%")) {
            String directory = path.length() > 1 ? specifierDirectory(path.charAt(1)) : null;
            if (directory == null) {
                throw new UnitFileException(entry, what + " '" + path + "' starts with a specifier that is not a"
                        + " directory: start it with /, ./, or one of %h %t %S %C %E %L %T %V");
            }
            return directory + path.substring(2);
        }
        if (path.startsWith("/")) {
            return path;
        }
        return unitDirectory.resolve(path).normalize().toString();
    }

    /** The directories of systemd.unit(5)'s specifier table, for the system or the user manager. */
    private String specifierDirectory(char specifier) {
        boolean system = context.systemMode();
        return switch (specifier) {
            case 'h' -> context.home() == null ? null : context.home().toString();
            case 't' -> system ? "/run" : xdg("XDG_RUNTIME_DIR", "/run/user/" + context.uid());
            case 'S' -> system ? "/var/lib" : xdg("XDG_STATE_HOME", inHome(".local/state"));
            case 'C' -> system ? "/var/cache" : xdg("XDG_CACHE_HOME", inHome(".cache"));
            case 'E' -> system ? "/etc" : xdg("XDG_CONFIG_HOME", inHome(".config"));
            case 'L' -> system ? "/var/log" : xdg("XDG_STATE_HOME", inHome(".local/state")) + "/log";
            case 'T' -> temporary("/tmp");
            case 'V' -> temporary("/var/tmp");
            default -> null;
        };
    }

    private String inHome(String relative) {
        return context.home().resolve(relative).toString();
    }

    /** An XDG base directory; the spec says relative values are invalid and must be ignored. */
    private String xdg(String variable, String otherwise) {
        String value = context.environment().get(variable);
        return value != null && value.startsWith("/") ? value : otherwise;
    }

    private String temporary(String otherwise) {
        for (String variable : new String[] {"TMPDIR", "TEMP", "TMP"}) {
            String value = context.environment().get(variable);
            if (value != null && value.startsWith("/")) {
                return value;
            }
        }
        return otherwise;
    }
}

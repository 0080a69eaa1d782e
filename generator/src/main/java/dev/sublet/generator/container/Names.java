package dev.sublet.generator.container;

import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFileException;
import java.nio.file.Path;

/**
 * ContainerName= and HostName=. Both may hold systemd specifiers, which expand at start, so they
 * are checked with each specifier standing for one valid character.
 */
final class Names {

    /** Names follow Podman's rule ({@link Syntax#isContainerName}); sublet also escapes them into D-Bus bus names. */
    private static final int MAX_CONTAINER_NAME = 128;
    /** sethostname(2) takes at most HOST_NAME_MAX bytes. */
    private static final int MAX_HOST_NAME = 64;

    private Names() {
    }

    /**
     * The container's name: ContainerName= if set, else the service's name without {@code .service}
     * ({@code web} for {@code web.service}). Quadlet names containers {@code systemd-%N}; sublet
     * drops the prefix because every sublet container belongs to a service anyway. For a template
     * ({@code foo@.service}, or an instance {@code foo@bar.service}) the name is {@code foo_%i}, as
     * Quadlet's {@code systemd-%p_%i}: systemd expands {@code %i} so each instance gets its own name.
     */
    static String containerName(Entry explicit, String serviceName, Path unitFile) throws UnitFileException {
        if (explicit != null) {
            checkContainerName(explicit, explicit.value().trim());
            return explicit.value().trim();
        }
        String base = serviceName.endsWith(".service")
                ? serviceName.substring(0, serviceName.length() - ".service".length())
                : serviceName;
        int at = base.indexOf('@');
        String name = at < 0 ? base : base.substring(0, at) + "_%i";
        if (!isValidContainerName(name)) {
            throw new UnitFileException(unitFile, 0, null, "the service name '" + serviceName
                    + "' does not make a valid container name (letters, digits, _ . - only):"
                    + " set ContainerName= in [Container]");
        }
        return name;
    }

    static String hostName(Entry entry) throws UnitFileException {
        String value = entry.value().trim();
        String expanded = placeholders(value);
        if (expanded.length() > MAX_HOST_NAME || !Syntax.isHostName(expanded)) {
            throw new UnitFileException(entry, "'" + value + "' is not a valid host name: use letters, digits and"
                    + " '-' in dot-separated labels, at most " + MAX_HOST_NAME + " characters");
        }
        return value;
    }

    private static void checkContainerName(Entry entry, String name) throws UnitFileException {
        if (!isValidContainerName(name)) {
            throw new UnitFileException(entry, "'" + name + "' is not a valid container name: start with a letter or"
                    + " digit, then letters, digits, '_', '.' or '-', at most " + MAX_CONTAINER_NAME + " characters");
        }
    }

    private static boolean isValidContainerName(String name) {
        String expanded = placeholders(name);
        return expanded.length() <= MAX_CONTAINER_NAME && Syntax.isContainerName(expanded);
    }

    /** Each specifier ({@code %} and a letter) stands for one letter; {@code %%} (a literal %) stays invalid. */
    private static String placeholders(String value) {
        String text = value.replace("%%", "%");
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 1 < text.length() && isAsciiLetter(text.charAt(i + 1))) {
                out.append('x');
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}

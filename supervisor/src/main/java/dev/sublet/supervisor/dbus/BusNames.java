package dev.sublet.supervisor.dbus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The names under which a container appears on the bus.
 *
 * <p>A container named {@code NAME} owns {@code io.github.sublet.Container.<escaped NAME>} and exports
 * {@link #OBJECT_PATH} with interface {@link #INTERFACE}. The escaping is systemd's bus-label
 * escaping ({@code sd_bus_path_encode}): ASCII letters and digits stay, every other byte of the
 * UTF-8 name becomes {@code _xx} (two lower-case hex digits), a leading digit is escaped too, and
 * the empty name becomes {@code _}. So {@code web.1} is {@code web_2e1} and {@code 2fa} is
 * {@code _32fa}. Because {@code _} itself is escaped, the mapping is one-to-one and reversible:
 * two different container names can never collide on one bus name.
 */
public final class BusNames {

    /** Prefix of every container's well-known name; {@code sublet ps} lists names with it. */
    public static final String PREFIX = "io.github.sublet.Container.";
    public static final String OBJECT_PATH = "/io/github/sublet/Container";
    public static final String INTERFACE = "io.github.sublet.Container1";
    /** The D-Bus specification's limit for any bus name. */
    static final int MAX_NAME_LENGTH = 255;

    private BusNames() {
    }

    /**
     * The well-known name for a container.
     *
     * @throws IllegalArgumentException if the escaped name exceeds the bus's 255-character limit
     */
    public static String forContainer(String containerName) {
        String busName = PREFIX + escape(containerName);
        if (busName.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("container name '" + containerName + "' is too long for a D-Bus name ("
                    + busName.length() + " characters escaped, at most " + MAX_NAME_LENGTH + ")");
        }
        return busName;
    }

    /** The container name behind a bus name, if it is one of ours and correctly escaped. */
    public static Optional<String> containerOf(String busName) {
        if (!busName.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return unescape(busName.substring(PREFIX.length()));
    }

    static String escape(String text) {
        if (text.isEmpty()) {
            return "_";
        }
        StringBuilder out = new StringBuilder();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean keep = isAsciiLetter(b) || (i > 0 && isAsciiDigit(b));
            if (keep) {
                out.append((char) b);
            } else {
                out.append('_').append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
            }
        }
        return out.toString();
    }

    static Optional<String> unescape(String label) {
        if (label.equals("_")) {
            return Optional.of("");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c == '_') {
                if (i + 2 >= label.length()) {
                    return Optional.empty();
                }
                int high = Character.digit(label.charAt(i + 1), 16);
                int low = Character.digit(label.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c < 128 && (isAsciiLetter(c) || isAsciiDigit(c))) {
                bytes.write(c);
            } else {
                return Optional.empty();
            }
        }
        String name = bytes.toString(StandardCharsets.UTF_8);
        // Only the canonical spelling counts, so a foreign name like "..._2E" is not mistaken for ours.
        return escape(name).equals(label) ? Optional.of(name) : Optional.empty();
    }

    private static boolean isAsciiLetter(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isAsciiDigit(int c) {
        return c >= '0' && c <= '9';
    }
}

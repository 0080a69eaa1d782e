package dev.sublet.supervisor.dbus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Id-to-name tables from passwd(5) or group(5) files; an id without a name shows as its number. */
final class IdNames {

    /** A container's passwd is untrusted input; a real one is far smaller than this. */
    private static final int MAX_BYTES = 4 << 20;

    private final Map<Long, String> names;

    private IdNames(Map<Long, String> names) {
        this.names = names;
    }

    static IdNames empty() {
        return new IdNames(Map.of());
    }

    /** Parses {@code name:password:id:...} lines; the first name for an id wins, as getpwuid's does. */
    static IdNames parse(List<String> lines) {
        Map<Long, String> names = new HashMap<>();
        for (String line : lines) {
            String[] fields = line.split(":", -1);
            if (fields.length < 3 || fields[0].isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                names.putIfAbsent(Long.parseLong(fields[2]), fields[0]);
            } catch (NumberFormatException e) {
                // A malformed line names nobody; the id then shows as a number.
            }
        }
        return new IdNames(names);
    }

    /** A host file such as /etc/passwd; unreadable means numbers only. */
    static IdNames readHost(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return empty();
        }
    }

    /**
     * {@code etc/NAME} under a container's root as seen through /proc/PID/root. An absolute
     * symlink there would resolve on the HOST, so neither /etc nor the file itself may be a
     * symlink (the final open uses O_NOFOLLOW) and the file must be regular; anything else, or no
     * permission to look through /proc/PID/root, means numbers only. (The container could still
     * swap /etc between the check and the open; the most it could gain is the names in a host file
     * that the supervisor's user can read anyway, shown to that same user.)
     */
    static IdNames readContainer(Path containerRoot, String name) {
        Path etc = containerRoot.resolve("etc");
        Path file = etc.resolve(name);
        try {
            if (!Files.isDirectory(etc, LinkOption.NOFOLLOW_LINKS)
                    || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return empty();
            }
            try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                byte[] content = in.readNBytes(MAX_BYTES);
                return parse(new String(content, StandardCharsets.UTF_8).lines().toList());
            }
        } catch (IOException | RuntimeException e) {
            return empty();
        }
    }

    String nameOf(long id) {
        return names.getOrDefault(id, Long.toString(id));
    }
}

package dev.sublet.generator.container;

import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFileException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Ulimit=: {@code TYPE=SOFT[:HARD]} as Podman takes it, checked so setrlimit cannot fail at start. */
final class Ulimits {

    /** setrlimit(2) resources by Podman's names (RLIMIT_AS is "as"). */
    private static final Set<String> TYPES = Set.of("as", "core", "cpu", "data", "fsize", "locks", "memlock",
            "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");

    private Ulimits() {
    }

    /** @return the limit with its type in lower case, e.g. {@code nofile=1024:2048} */
    static String parse(Entry entry) throws UnitFileException {
        String value = entry.value().trim();
        if (value.equals("host")) {
            throw new UnitFileException(entry, "Ulimit=host is not supported: without Ulimit= the container already"
                    + " has the service's limits; set LimitNOFILE= and friends in [Service] to change them");
        }
        int eq = value.indexOf('=');
        String type = eq < 0 ? "" : value.substring(0, eq).toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new UnitFileException(entry, "'" + value + "' is not TYPE=SOFT[:HARD] with a known type: use one of "
                    + String.join(", ", new TreeSet<>(TYPES)));
        }
        String[] limits = value.substring(eq + 1).split(":", -1);
        if (limits.length > 2) {
            throw new UnitFileException(entry, "'" + value + "' has more than SOFT:HARD");
        }
        long soft = limit(entry, limits[0]);
        long hard = limits.length == 2 ? limit(entry, limits[1]) : soft;
        if (Long.compareUnsigned(soft, hard) > 0) {
            throw new UnitFileException(entry, "the soft limit of '" + value + "' is above its hard limit");
        }
        return type + "=" + value.substring(eq + 1);
    }

    /** A number, or -1/unlimited as the largest value (compared unsigned, like RLIM_INFINITY). */
    private static long limit(Entry entry, String text) throws UnitFileException {
        if (text.equals("-1") || text.equals("unlimited")) {
            return -1;
        }
        try {
            long limit = Long.parseLong(text);
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UnitFileException(entry, "limit '" + text + "' is not a number, -1 or unlimited");
    }
}

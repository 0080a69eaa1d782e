package dev.sublet.supervisor.stage;

import java.util.List;
import java.util.Locale;

/** One {@code Ulimit=TYPE=SOFT[:HARD]} setting, as a setrlimit(2) resource and its limits. */
public record Ulimit(int resource, long soft, long hard) {

    /** RLIM_INFINITY. */
    public static final long UNLIMITED = -1L;

    /** getrlimit(2) resource names in number order (RLIMIT_CPU = 0 …). */
    private static final List<String> RESOURCES = List.of(
            "cpu", "fsize", "data", "stack", "core", "rss", "nproc", "nofile", "memlock", "as", "locks",
            "sigpending", "msgqueue", "nice", "rtprio", "rttime");

    public static Ulimit parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new StageFailure("ulimit '" + text + "' is not TYPE=SOFT[:HARD], e.g. nofile=1024:4096");
        }
        String name = text.substring(0, eq).toLowerCase(Locale.ROOT);
        int resource = RESOURCES.indexOf(name.startsWith("rlimit_") ? name.substring(7) : name);
        if (resource < 0) {
            throw new StageFailure("ulimit '" + text + "': unknown type '" + name + "' (known: " + String.join(", ", RESOURCES) + ")");
        }
        String[] limits = text.substring(eq + 1).split(":", -1);
        if (limits.length > 2) {
            throw new StageFailure("ulimit '" + text + "' is not TYPE=SOFT[:HARD]");
        }
        long soft = limit(limits[0], text);
        long hard = limits.length == 2 ? limit(limits[1], text) : soft;
        if (hard != UNLIMITED && (soft == UNLIMITED || Long.compareUnsigned(soft, hard) > 0)) {
            throw new StageFailure("ulimit '" + text + "': the soft limit is above the hard limit");
        }
        return new Ulimit(resource, soft, hard);
    }

    private static long limit(String value, String text) {
        if (value.equals("-1") || value.equalsIgnoreCase("unlimited")) {
            return UNLIMITED;
        }
        try {
            long limit = Long.parseLong(value);
            if (limit < 0) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new StageFailure("ulimit '" + text + "': '" + value + "' is not a number, -1 or unlimited");
        }
    }
}

package dev.sublet.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link GeneratorContext} from the process: uid and gid from /proc/self/status (no
 * {@code id} subprocess, no JNI), name and home from the JVM (which asked getpwuid at start-up).
 * Tests and unusual set-ups override each part with SUBLET_UID, SUBLET_GID, SUBLET_USER_NAME,
 * SUBLET_HOME, SUBLET_SUBUID_FILE, SUBLET_SUBGID_FILE and SUBLET_STATE_DIR.
 */
public final class EnvironmentContext {

    static final String DEFAULT_EXECUTABLE = "/usr/local/bin/sublet";
    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private EnvironmentContext() {
    }

    /** @throws IllegalArgumentException if an override is malformed or the identity cannot be found */
    public static GeneratorContext build(boolean systemMode, Map<String, String> env) {
        long uid = idFrom(env, "SUBLET_UID", "Uid:");
        long gid = idFrom(env, "SUBLET_GID", "Gid:");
        String userName = firstOf(env.get("SUBLET_USER_NAME"), System.getProperty("user.name"));
        if (userName == null || userName.equals("?")) { // the JVM's answer when getpwuid fails
            userName = Long.toString(uid);
        }
        Path home = Path.of(firstOf(env.get("SUBLET_HOME"), env.get("HOME"), System.getProperty("user.home")));
        return new GeneratorContext(
                systemMode,
                uid,
                gid,
                userName,
                home,
                Path.of(firstOf(env.get("SUBLET_SUBUID_FILE"), "/etc/subuid")),
                Path.of(firstOf(env.get("SUBLET_SUBGID_FILE"), "/etc/subgid")),
                stateDir(systemMode, env, home),
                firstOf(System.getProperty("sublet.executable"), env.get("SUBLET_EXECUTABLE"), DEFAULT_EXECUTABLE),
                Map.copyOf(env));
    }

    private static Path stateDir(boolean systemMode, Map<String, String> env, Path home) {
        String override = env.get("SUBLET_STATE_DIR");
        if (override != null && !override.isEmpty()) {
            return Path.of(override);
        }
        if (systemMode) {
            return Path.of("/var/lib/sublet");
        }
        String stateHome = env.get("XDG_STATE_HOME");
        if (stateHome != null && Path.of(stateHome).isAbsolute()) { // relative values are invalid per the XDG spec
            return Path.of(stateHome, "sublet");
        }
        return home.resolve(".local/state/sublet");
    }

    private static long idFrom(Map<String, String> env, String override, String statusField) {
        String value = env.get(override);
        if (value != null && !value.isEmpty()) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(override + "='" + value + "' is not a number");
            }
        }
        return realIdFromProcStatus(statusField);
    }

    /** The real id from a line such as {@code Uid:\t1000\t1000\t1000\t1000}. */
    static long realIdFromProcStatus(String field) {
        List<String> lines;
        try {
            lines = Files.readAllLines(PROC_STATUS);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + PROC_STATUS + " (" + e + "): set SUBLET_UID and SUBLET_GID");
        }
        return parseStatusId(lines, field);
    }

    static long parseStatusId(List<String> statusLines, String field) {
        for (String line : statusLines) {
            if (line.startsWith(field)) {
                String rest = line.substring(field.length()).trim();
                int end = 0;
                while (end < rest.length() && Character.isDigit(rest.charAt(end))) {
                    end++;
                }
                if (end > 0) {
                    return Long.parseLong(rest.substring(0, end));
                }
            }
        }
        throw new IllegalArgumentException("no " + field + " line in " + PROC_STATUS);
    }

    private static String firstOf(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isEmpty()) {
                return candidate;
            }
        }
        return null;
    }
}

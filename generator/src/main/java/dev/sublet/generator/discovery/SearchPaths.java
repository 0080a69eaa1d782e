package dev.sublet.generator.discovery;

import dev.sublet.generator.discovery.SearchRoot.Skipping;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where units are read from, highest precedence first (the first file of a given name wins), as
 * Quadlet defines it.
 * <ul>
 *   <li>user mode: {@code $XDG_RUNTIME_DIR/containers/systemd}, {@code $XDG_CONFIG_HOME} (or
 *       {@code ~/.config}){@code /containers/systemd}, {@code /etc/containers/systemd/users},
 *       {@code /etc/containers/systemd/users/$UID}, {@code /usr/share/containers/systemd/users},
 *       {@code /usr/share/containers/systemd/users/$UID};</li>
 *   <li>system mode: {@code /run/containers/systemd}, {@code /etc/containers/systemd},
 *       {@code /usr/share/containers/systemd} (without their {@code users/} subtrees).</li>
 * </ul>
 * {@code SUBLET_UNIT_DIRS} or, failing that, {@code QUADLET_UNIT_DIRS} (colon-separated absolute
 * paths) replaces the whole list, as Quadlet's variable does.
 */
public final class SearchPaths {

    public static final String SUBLET_UNIT_DIRS = "SUBLET_UNIT_DIRS";
    public static final String QUADLET_UNIT_DIRS = "QUADLET_UNIT_DIRS";

    private SearchPaths() {
    }

    /**
     * @param fileSystemRoot where {@code /etc}, {@code /usr} and {@code /run} live: {@code /} in
     *                       production, a scratch directory in tests
     * @throws IllegalArgumentException if the override variable names a relative path
     */
    public static List<SearchRoot> roots(boolean systemMode, Map<String, String> env, long uid, Path home,
                                         Path fileSystemRoot) {
        List<SearchRoot> override = fromVariable(env);
        if (override != null) {
            return override;
        }
        return systemMode ? systemRoots(fileSystemRoot) : userRoots(env, uid, home, fileSystemRoot);
    }

    private static List<SearchRoot> fromVariable(Map<String, String> env) {
        String variable = SUBLET_UNIT_DIRS;
        String value = env.get(variable);
        if (value == null || value.isEmpty()) {
            variable = QUADLET_UNIT_DIRS;
            value = env.get(variable);
        }
        if (value == null || value.isEmpty()) {
            return null;
        }
        List<SearchRoot> roots = new ArrayList<>();
        for (String part : value.split(":")) {
            if (part.isEmpty()) {
                continue;
            }
            Path dir = Path.of(part);
            if (!dir.isAbsolute()) {
                throw new IllegalArgumentException(variable + ": '" + part + "' is not an absolute path");
            }
            roots.add(SearchRoot.whole(dir));
        }
        return roots;
    }

    private static List<SearchRoot> userRoots(Map<String, String> env, long uid, Path home, Path fsRoot) {
        List<SearchRoot> roots = new ArrayList<>();
        Path runtimeDir = absoluteOrNull(env.get("XDG_RUNTIME_DIR"));
        if (runtimeDir != null) {
            roots.add(SearchRoot.whole(runtimeDir.resolve("containers/systemd")));
        }
        Path configHome = absoluteOrNull(env.get("XDG_CONFIG_HOME"));
        if (configHome == null && home != null) {
            configHome = home.resolve(".config");
        }
        if (configHome != null) {
            roots.add(SearchRoot.whole(configHome.resolve("containers/systemd")));
        }
        String ownUid = Long.toString(uid);
        for (String shared : List.of("etc/containers/systemd/users", "usr/share/containers/systemd/users")) {
            Path usersDir = fsRoot.resolve(shared);
            roots.add(new SearchRoot(usersDir, Skipping.NUMERIC_SUBDIRECTORIES));
            roots.add(SearchRoot.whole(usersDir.resolve(ownUid)));
        }
        return roots;
    }

    private static List<SearchRoot> systemRoots(Path fsRoot) {
        return List.of(
                SearchRoot.whole(fsRoot.resolve("run/containers/systemd")),
                new SearchRoot(fsRoot.resolve("etc/containers/systemd"), Skipping.USERS_SUBDIRECTORY),
                new SearchRoot(fsRoot.resolve("usr/share/containers/systemd"), Skipping.USERS_SUBDIRECTORY));
    }

    /** XDG base directory spec: relative values are invalid and must be ignored. */
    private static Path absoluteOrNull(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        Path path = Path.of(value);
        return path.isAbsolute() ? path : null;
    }
}

package dev.sublet.generator.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.generator.discovery.SearchRoot.Skipping;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchPathsTest {

    private static final Path FS = Path.of("/fsroot");
    private static final Path HOME = Path.of("/home/alice");

    @Test
    void userModeOrder() {
        List<SearchRoot> roots = SearchPaths.roots(false, Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), 1000, HOME, FS);
        assertEquals(List.of(
                SearchRoot.whole(Path.of("/run/user/1000/containers/systemd")),
                SearchRoot.whole(Path.of("/home/alice/.config/containers/systemd")),
                new SearchRoot(Path.of("/fsroot/etc/containers/systemd/users"), Skipping.NUMERIC_SUBDIRECTORIES),
                SearchRoot.whole(Path.of("/fsroot/etc/containers/systemd/users/1000")),
                new SearchRoot(Path.of("/fsroot/usr/share/containers/systemd/users"), Skipping.NUMERIC_SUBDIRECTORIES),
                SearchRoot.whole(Path.of("/fsroot/usr/share/containers/systemd/users/1000"))), roots);
    }

    @Test
    void userModeHonoursXdgConfigHomeAndIgnoresRelativeXdgValues() {
        List<SearchRoot> roots = SearchPaths.roots(false,
                Map.of("XDG_CONFIG_HOME", "/cfg", "XDG_RUNTIME_DIR", "relative/run"), 1000, HOME, FS);
        assertEquals(Path.of("/cfg/containers/systemd"), roots.get(0).dir());
        assertEquals(5, roots.size(), "a relative XDG_RUNTIME_DIR is ignored");
    }

    @Test
    void systemModeOrderSkipsUsersSubtrees() {
        List<SearchRoot> roots = SearchPaths.roots(true, Map.of("XDG_RUNTIME_DIR", "/run/user/0"), 0, Path.of("/root"), FS);
        assertEquals(List.of(
                SearchRoot.whole(Path.of("/fsroot/run/containers/systemd")),
                new SearchRoot(Path.of("/fsroot/etc/containers/systemd"), Skipping.USERS_SUBDIRECTORY),
                new SearchRoot(Path.of("/fsroot/usr/share/containers/systemd"), Skipping.USERS_SUBDIRECTORY)), roots);
    }

    @Test
    void quadletVariableReplacesTheList() {
        List<SearchRoot> roots = SearchPaths.roots(false, Map.of("QUADLET_UNIT_DIRS", "/a:/b"), 1000, HOME, FS);
        assertEquals(List.of(SearchRoot.whole(Path.of("/a")), SearchRoot.whole(Path.of("/b"))), roots);
    }

    @Test
    void subletVariableWinsOverQuadlets() {
        List<SearchRoot> roots = SearchPaths.roots(true,
                Map.of("QUADLET_UNIT_DIRS", "/a", "SUBLET_UNIT_DIRS", "/s1::/s2"), 0, HOME, FS);
        assertEquals(List.of(SearchRoot.whole(Path.of("/s1")), SearchRoot.whole(Path.of("/s2"))), roots);
    }

    @Test
    void relativeDirectoryInTheVariableIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SearchPaths.roots(false, Map.of("SUBLET_UNIT_DIRS", "/a:units"), 1000, HOME, FS));
        assertTrue(e.getMessage().contains("SUBLET_UNIT_DIRS") && e.getMessage().contains("'units'"), e.getMessage());
    }
}

package dev.sublet.generator.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitDiscoveryTest {

    @TempDir
    Path fs;

    private final List<String> warnings = new ArrayList<>();
    private final List<String> debug = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private Path unit(String relative) throws Exception {
        Path file = fs.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "[Container]\n");
    }

    private List<Path> walk(List<SearchRoot> roots) {
        return UnitDirectories.walk(roots, problems::add);
    }

    private List<SourceUnit> discover(List<SearchRoot> roots) {
        return UnitDiscovery.discover(walk(roots), problems::add, warnings::add, debug::add);
    }

    @Test
    void walksRecursivelyInNameOrderAndSkipsDropInDirectories() throws Exception {
        unit("units/b/deep/x.container");
        unit("units/a/y.container");
        unit("units/web.container.d/inner/z.container");
        assertEquals(List.of(fs.resolve("units"), fs.resolve("units/a"), fs.resolve("units/b"), fs.resolve("units/b/deep")),
                walk(List.of(SearchRoot.whole(fs.resolve("units")))));
    }

    @Test
    void symlinkLoopsEnd() throws Exception {
        unit("units/sub/web.container");
        Files.createSymbolicLink(fs.resolve("units/sub/loop"), fs.resolve("units"));
        Files.createSymbolicLink(fs.resolve("units/self"), Path.of("."));
        List<SourceUnit> units = discover(List.of(SearchRoot.whole(fs.resolve("units"))));
        assertEquals(List.of("web.container"), units.stream().map(SourceUnit::fileName).toList());
    }

    @Test
    void symlinkedDirectoryIsFollowedOnce() throws Exception {
        unit("elsewhere/linked.container");
        Files.createDirectories(fs.resolve("units"));
        Files.createSymbolicLink(fs.resolve("units/link"), fs.resolve("elsewhere"));
        List<SourceUnit> units = discover(List.of(
                SearchRoot.whole(fs.resolve("units")), SearchRoot.whole(fs.resolve("elsewhere"))));
        assertEquals(List.of(fs.resolve("units/link/linked.container")), units.stream().map(SourceUnit::path).toList());
    }

    @Test
    void firstFileOfANameWinsInSearchPathOrder() throws Exception {
        Path runtime = unit("run/user/1000/containers/systemd/web.container");
        unit("home/alice/.config/containers/systemd/web.container");
        Path config = unit("home/alice/.config/containers/systemd/db.container");
        unit("fsroot/etc/containers/systemd/users/db.container");
        Path shared = unit("fsroot/etc/containers/systemd/users/shared.container");
        Path own = unit("fsroot/etc/containers/systemd/users/1000/mine.container");
        unit("fsroot/etc/containers/systemd/users/1001/theirs.container");
        Path vendor = unit("fsroot/usr/share/containers/systemd/users/vendor.container");

        List<SearchRoot> roots = SearchPaths.roots(false,
                Map.of("XDG_RUNTIME_DIR", fs.resolve("run/user/1000").toString()), 1000, fs.resolve("home/alice"),
                fs.resolve("fsroot"));
        List<SourceUnit> units = discover(roots);

        assertEquals(List.of(runtime, config, shared, own, vendor), units.stream().map(SourceUnit::path).toList());
        assertTrue(debug.stream().anyMatch(m -> m.contains("shadowed")), debug.toString());
    }

    @Test
    void systemModeDoesNotReadUsersSubtree() throws Exception {
        Path admin = unit("fsroot/etc/containers/systemd/web.container");
        unit("fsroot/etc/containers/systemd/users/user.container");
        Path nested = unit("fsroot/etc/containers/systemd/group/nested.container");
        unit("fsroot/usr/share/containers/systemd/web.container");
        Path temporary = unit("fsroot/run/containers/systemd/temp.container");
        List<SourceUnit> units = discover(SearchPaths.roots(true, Map.of(), 0, fs, fs.resolve("fsroot")));
        assertEquals(List.of(temporary, admin, nested), units.stream().map(SourceUnit::path).toList());
    }

    @Test
    void otherQuadletTypesAreNotedAndSkipped() throws Exception {
        unit("units/web.container");
        unit("units/data.volume");
        unit("units/readme.txt");
        List<SourceUnit> units = discover(List.of(SearchRoot.whole(fs.resolve("units"))));
        assertEquals(1, units.size());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("data.volume"));
    }

    @Test
    void unreadableDirectoryIsReported() throws Exception {
        // root reads through any mode, so a symlink loop stands in for a directory that cannot be read
        Files.createSymbolicLink(fs.resolve("loop-a"), fs.resolve("loop-b"));
        Files.createSymbolicLink(fs.resolve("loop-b"), fs.resolve("loop-a"));
        assertEquals(List.of(), walk(List.of(SearchRoot.whole(fs.resolve("loop-a")))));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(fs.resolve("loop-a") + ": cannot read unit directory"), problems.get(0));
    }

    @Test
    void missingRootsAreSkippedSilently() {
        assertEquals(List.of(), walk(List.of(SearchRoot.whole(fs.resolve("absent")))));
        assertEquals(List.of(), problems);
    }
}

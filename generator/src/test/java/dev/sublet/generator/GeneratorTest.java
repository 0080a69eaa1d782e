package dev.sublet.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.generator.output.DryRunPrinter;
import dev.sublet.generator.output.UnitDirectoryWriter;
import dev.sublet.generator.output.UnitSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorTest {

    @TempDir
    Path tmp;

    private final FakeTranslator translator = new FakeTranslator();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    private Path units() {
        return tmp.resolve("units");
    }

    private Path out() {
        return tmp.resolve("out");
    }

    private Path unit(String relative, String text) throws IOException {
        Path file = units().resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private GeneratorContext context() {
        return new GeneratorContext(false, 1000, 1000, "alice", tmp.resolve("home"), tmp.resolve("subuid"),
                tmp.resolve("subgid"), tmp.resolve("state"), "/usr/local/bin/sublet",
                Map.of("SUBLET_UNIT_DIRS", units().toString()));
    }

    private GeneratorContext withUnitDirs(String unitDirs) {
        GeneratorContext base = context();
        return new GeneratorContext(false, 1000, 1000, "alice", base.home(), base.subuidFile(), base.subgidFile(),
                base.stateDir(), base.subletExecutable(), Map.of("SUBLET_UNIT_DIRS", unitDirs));
    }

    /** Runs the generator and returns its error count. */
    private int run(boolean dryRun) {
        return run(context(), dryRun);
    }

    private int run(GeneratorContext context, boolean dryRun) {
        UnitSink sink = dryRun
                ? new DryRunPrinter(new PrintStream(stdout, true, StandardCharsets.UTF_8))
                : new UnitDirectoryWriter(out());
        try (GeneratorLog log = new GeneratorLog(new PrintStream(stderr, true, StandardCharsets.UTF_8), false)) {
            new Generator(context, translator, sink, log, tmp.resolve("fsroot"), dryRun).run();
            return log.errorCount();
        }
    }

    private List<String> errorLines() {
        return stderr.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private List<String> outputNames() throws IOException {
        if (!Files.exists(out())) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(out())) {
            return files.filter(p -> !p.equals(out())).map(p -> out().relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void generatesEveryUnitWithItsLinks() throws Exception {
        unit("web.container", "[Unit]\nAfter=db.container\n[Container]\nRootfs=/srv/web\n[Install]\nWantedBy=default.target\n");
        unit("sub/db.container", "[Container]\nRootfs=/srv/db\n");

        assertEquals(0, run(false), stderr.toString());

        assertEquals(List.of("db.service", "default.target.wants", "default.target.wants/web.service", "web.service"),
                outputNames());
        String web = Files.readString(out().resolve("web.service"));
        assertTrue(web.contains("After=db.service\nSourcePath=" + units().resolve("web.container") + "\n"), web);
        assertTrue(web.contains("ExecStart=/usr/local/bin/sublet run --name web --unit web.service --rootfs /srv/web"), web);
        assertEquals(Set.of("web.service", "db.service"), translator.finishedWith);
    }

    @Test
    void oneBadFileDoesNotStopTheOthers() throws Exception {
        unit("good.container", "[Container]\nRootfs=/srv/good\n");
        Path syntax = unit("syntax.container", "[Container]\nRootfs=/srv\nthis line has no equals sign\n");
        Path key = unit("key.container", "[Container]\nRootfs=/srv\nFail=1\n");
        Path noGroup = unit("nogroup.container", "[Service]\nRestart=always\n");
        Path dependency = unit("dep.container", "[Unit]\nWants=ghost.container\n[Container]\nRootfs=/srv\n");
        unit("crash.container", "[Container]\nRootfs=/srv\nCrash=1\n");

        assertEquals(5, run(false));

        assertEquals(List.of("good.service"), outputNames());
        List<String> errors = errorLines();
        assertTrue(errors.contains(syntax + ":3: missing '=' in \"this line has no equals sign\":"
                + " expected Key=Value, a [Section] header or a # comment"), errors.toString());
        assertTrue(errors.contains(key + ":3: Fail: unsupported key 'Fail' in group 'Container'"), errors.toString());
        assertTrue(errors.stream().anyMatch(l -> l.startsWith(noGroup + ": no [Container] section")), errors.toString());
        assertTrue(errors.stream().anyMatch(l -> l.startsWith(dependency + ":2: Wants: unit 'ghost.container'")),
                errors.toString());
        assertTrue(errors.stream().anyMatch(l -> l.contains("crash.container: internal error")), errors.toString());
        assertEquals(Set.of("good.service", "syntax.service", "key.service", "nogroup.service", "dep.service",
                "crash.service"), translator.finishedWith, "broken units keep their id allocations");
    }

    @Test
    void dryRunPrintsEveryUnitAndWritesNothing() throws Exception {
        unit("a.container", "[Container]\nRootfs=/srv/a\n[Install]\nWantedBy=default.target\n");
        unit("b.container", "[Container]\nRootfs=/srv/b\n");

        assertEquals(0, run(true));

        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("---a.service---\n# Automatically generated by sublet-generator\n[Unit]\n"), printed);
        assertTrue(printed.contains("\n---b.service---\n"), printed);
        assertEquals(List.of(), outputNames());
        assertNull(translator.finishedWith, "a dry run must not record id allocations");
    }

    @Test
    void dropInsServiceNameAndTemplatesTogether() throws Exception {
        unit("web.container", "[Unit]\nRequires=app@blue.container\n[Container]\nRootfs=/srv/web\n");
        unit("web.container.d/10-name.conf", "[Container]\nServiceName=frontend\n");
        unit("container.d/90-all.conf", "[Service]\nRestart=always\n");
        unit("app@.container", "[Container]\nRootfs=/srv/app\nServiceName=worker@\n"
                + "[Install]\nWantedBy=default.target\nDefaultInstance=main\n");
        unit("app@blue.container", "[Container]\nRootfs=/srv/blue\nServiceName=worker@\n");

        assertEquals(0, run(false), stderr.toString());

        assertEquals(List.of("default.target.wants", "default.target.wants/worker@main.service", "frontend.service",
                "worker@.service", "worker@blue.service"), outputNames());
        assertEquals(Path.of("../worker@.service"),
                Files.readSymbolicLink(out().resolve("default.target.wants/worker@main.service")));
        String frontend = Files.readString(out().resolve("frontend.service"));
        assertTrue(frontend.contains("Requires=worker@blue.service\n"), frontend);
        assertTrue(frontend.contains("Restart=always\n"), "top-level container.d applies to every unit");
        assertTrue(Files.readString(out().resolve("worker@blue.service")).contains("Restart=always\n"));
    }

    @Test
    void twoFilesMustNotGenerateTheSameService() throws Exception {
        unit("a.container", "[Container]\nRootfs=/srv/a\nServiceName=b\n");
        Path second = unit("b.container", "[Container]\nRootfs=/srv/b\n");

        assertEquals(1, run(false));

        assertEquals(List.of("b.service"), outputNames());
        assertTrue(Files.readString(out().resolve("b.service")).contains("--rootfs /srv/a"));
        assertTrue(stderr.toString().contains(second + ": would generate b.service, which a.container already"),
                stderr.toString());
    }

    @Test
    void higherPrecedenceDirectoryWins() throws Exception {
        unit("first/web.container", "[Container]\nRootfs=/srv/first\n");
        unit("second/web.container", "[Container]\nRootfs=/srv/second\n");
        assertEquals(0, run(withUnitDirs(units().resolve("first") + ":" + units().resolve("second")), false));
        assertTrue(Files.readString(out().resolve("web.service")).contains("--rootfs /srv/first"));
        assertEquals(List.of("web.service"), translator.translated);
    }

    @Test
    void failureToRecordAllocationsWritesNoUnits() throws Exception {
        unit("web.container", "[Container]\nRootfs=/srv/web\n");
        translator.finishFailure = new IOException("disk full");

        assertEquals(1, run(false));

        assertEquals(List.of(), outputNames());
        assertTrue(stderr.toString().contains("disk full"), stderr.toString());
    }

    @Test
    void unreadableUnitDirectoryGeneratesNothingAndReleasesNothing() throws Exception {
        unit("web.container", "[Container]\nRootfs=/srv/web\n");
        // root reads through any mode, so a symlink loop stands in for a directory that cannot be read
        Path loop = Files.createSymbolicLink(tmp.resolve("loop"), tmp.resolve("loop"));

        assertEquals(2, run(withUnitDirs(units() + ":" + loop), false));

        assertEquals(List.of(), outputNames());
        assertNull(translator.finishedWith, "units in the unreadable directory must keep their allocations");
        assertTrue(stderr.toString().contains(loop + ": cannot read unit directory"), stderr.toString());
    }

    @Test
    void relativeUnitDirectoryIsReported() {
        assertEquals(1, run(withUnitDirs("relative"), false));
        assertFalse(Files.exists(out()));
        assertTrue(stderr.toString().contains("SUBLET_UNIT_DIRS"), stderr.toString());
    }
}

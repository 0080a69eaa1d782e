package dev.sublet.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.generator.output.UnitDirectoryWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden files for every example in units-examples/: the real generator (real translator and userns
 * resolver, uid 1000 "alice" with {@code alice:100000:65536}) must write exactly the services and
 * [Install] links stored under src/test/resources/golden/. After an intended change, regenerate with
 * {@code mvn -pl generator test -Dtest=ExamplesGoldenTest -Dsublet.golden.update=true} and review the diff.
 */
class ExamplesGoldenTest {

    private static final Path EXAMPLES = Path.of("..", "units-examples");
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

    @TempDir
    Path tmp;

    @Test
    void everyExampleGeneratesItsGoldenService() throws IOException {
        Path out = tmp.resolve("out");
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int errors;
        try (GeneratorLog log = new GeneratorLog(new PrintStream(stderr, true, StandardCharsets.UTF_8), false)) {
            GeneratorContext context = aliceContext();
            new Generator(context, TranslatorFactory.quadlet(context, log::warning),
                    new UnitDirectoryWriter(out), log, tmp.resolve("fsroot"), false).run();
            errors = log.errorCount();
        }
        assertEquals(0, errors, stderr.toString(StandardCharsets.UTF_8));

        Map<String, String> generated = snapshot(out);
        long examples;
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            examples = files.filter(f -> f.getFileName().toString().endsWith(".container")).count();
        }
        assertTrue(generated.keySet().stream().filter(n -> n.endsWith(".service") && !n.contains("/")).count()
                >= examples, "one service per example: " + generated.keySet());

        if (Boolean.getBoolean("sublet.golden.update")) {
            writeGolden(generated);
        }
        assertEquals(snapshot(GOLDEN), generated);
    }

    private GeneratorContext aliceContext() throws IOException {
        Path subuid = Files.writeString(tmp.resolve("subuid"), "alice:100000:65536\n");
        Path subgid = Files.writeString(tmp.resolve("subgid"), "alice:100000:65536\n");
        return new GeneratorContext(false, 1000, 1000, "alice", Path.of("/home/alice"), subuid, subgid,
                tmp.resolve("state"), "/usr/local/bin/sublet",
                Map.of("SUBLET_UNIT_DIRS", EXAMPLES.toAbsolutePath().normalize().toString(),
                        "XDG_RUNTIME_DIR", "/run/user/1000"));
    }

    /** Relative path → content for files, → "-> target" for symbolic links. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> result = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return result;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                String name = root.relativize(path).toString();
                if (Files.isSymbolicLink(path)) {
                    result.put(name, "-> " + Files.readSymbolicLink(path));
                } else if (Files.isRegularFile(path)) {
                    result.put(name, Files.readString(path).replace(EXAMPLES.toAbsolutePath().normalize()
                            .toString(), "@EXAMPLES@"));
                }
            }
        }
        return result;
    }

    private static void writeGolden(Map<String, String> generated) throws IOException {
        if (Files.isDirectory(GOLDEN)) {
            try (Stream<Path> old = Files.walk(GOLDEN)) {
                for (Path path : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        for (Map.Entry<String, String> entry : generated.entrySet()) {
            Path target = GOLDEN.resolve(entry.getKey());
            Files.createDirectories(target.getParent());
            if (entry.getValue().startsWith("-> ")) {
                Files.createSymbolicLink(target, Path.of(entry.getValue().substring(3)));
            } else {
                Files.writeString(target, entry.getValue());
            }
        }
    }
}

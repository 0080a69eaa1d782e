package dev.sublet.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorMainTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private GeneratorContext seenContext;

    private int main(String programName, Map<String, String> env, String... args) {
        return GeneratorMain.run(List.of(args), env, programName,
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8),
                false, (context, warnings) -> {
                    seenContext = context;
                    return new FakeTranslator();
                });
    }

    private Map<String, String> env() throws Exception {
        Path units = Files.createDirectories(tmp.resolve("units"));
        Map<String, String> env = new HashMap<>();
        env.put("SUBLET_UNIT_DIRS", units.toString());
        env.put("SUBLET_UID", "1000");
        env.put("SUBLET_GID", "1000");
        env.put("SUBLET_USER_NAME", "alice");
        env.put("SUBLET_HOME", tmp.resolve("home").toString());
        env.put("SUBLET_STATE_DIR", tmp.resolve("state").toString());
        return env;
    }

    @Test
    void userModeFromTheProgramNameOrTheFlag() throws Exception {
        assertEquals(0, main("/usr/lib/systemd/user-generators/sublet-user-generator", env(), "--dryrun"));
        assertFalse(seenContext.systemMode());
        assertEquals(0, main("/usr/lib/systemd/user-generators/sublet-generator", env(), "--dryrun"));
        assertTrue(seenContext.systemMode(), "only the program's own name counts, not its directory");
        assertEquals(0, main("sublet-generator", env(), "-user", "-dryrun"));
        assertFalse(seenContext.systemMode());
    }

    @Test
    void writesIntoTheNormalDirectoryAndExitsOneWhenAUnitFailed() throws Exception {
        Map<String, String> env = env();
        Files.writeString(tmp.resolve("units/web.container"), "[Container]\nRootfs=/srv/web\n");
        Files.writeString(tmp.resolve("units/bad.container"), "[Container]\nRootfs\n");
        Path normal = tmp.resolve("normal");

        int status = main("sublet-user-generator", env, normal.toString(), tmp.resolve("early").toString(),
                tmp.resolve("late").toString());

        assertEquals(1, status);
        assertTrue(Files.exists(normal.resolve("web.service")));
        assertFalse(Files.exists(normal.resolve("bad.service")));
        assertTrue(stderr.toString().contains(tmp.resolve("units/bad.container") + ":2: missing '='"), stderr.toString());
    }

    @Test
    void dryRunPrintsToStdout() throws Exception {
        Map<String, String> env = env();
        Files.writeString(tmp.resolve("units/web.container"), "[Container]\nRootfs=/srv/web\n");
        assertEquals(0, main("sublet-user-generator", env, "--dryrun", tmp.resolve("normal").toString()));
        assertTrue(stdout.toString().startsWith("---web.service---\n"), stdout.toString());
        assertFalse(Files.exists(tmp.resolve("normal")));
    }

    @Test
    void verboseLogsDebugMessages() throws Exception {
        assertEquals(0, main("sublet-user-generator", env(), "-v", "--dryrun"));
        assertTrue(stderr.toString().contains("user mode, uid 1000"), stderr.toString());
    }

    @Test
    void usageErrorsExitOne() throws Exception {
        assertEquals(1, main("sublet-generator", env()));
        assertTrue(stderr.toString().contains("missing output directory"), stderr.toString());
        assertEquals(1, main("sublet-generator", env(), "--bogus", "/tmp/x"));
        assertEquals(1, main("sublet-generator", env(), "a", "b", "c", "d"));
    }

    @Test
    void missingTranslatorIsReportedNotThrown() throws Exception {
        int status = GeneratorMain.run(List.of("--dryrun"), env(), "sublet-generator", new PrintStream(stdout),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), false, (context, warnings) -> {
                    throw new IllegalStateException("this build lacks X");
                });
        assertEquals(1, status);
        assertTrue(stderr.toString().contains("this build lacks X"));
    }

    @Test
    void productionTranslatorIsWiredIn() throws Exception {
        Map<String, String> env = env();
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.writeString(Files.createFile(tmp.resolve("subuid")), "alice:100000:65536\n");
        Files.copy(tmp.resolve("subuid"), tmp.resolve("subgid"));
        env.put("SUBLET_SUBUID_FILE", tmp.resolve("subuid").toString());
        env.put("SUBLET_SUBGID_FILE", tmp.resolve("subgid").toString());
        Files.writeString(tmp.resolve("units/web.container"),
                "[Container]\nRootfs=" + tmp.resolve("rootfs") + "\nExec=/bin/sh -c 'echo hi'\n");

        int status = GeneratorMain.run(List.of("--dryrun"), env, "sublet-user-generator",
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8),
                false, TranslatorFactory::quadlet);

        assertEquals(0, status, stderr.toString());
        String execStart = stdout.toString().lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        assertTrue(execStart.contains(" run --name web ") && execStart.contains("--uidmap ")
                && execStart.endsWith(" -- /bin/sh -c \"echo hi\""), execStart);
    }

    @Test
    void optionsParsing() {
        GeneratorOptions options = GeneratorOptions.parse(List.of("-v", "/run/gen", "/run/early", "/run/late"),
                "sublet-generator");
        assertEquals(Path.of("/run/gen"), options.outputDir());
        assertTrue(options.verbose() && options.kernelLog() && !options.dryRun() && !options.userMode());
        assertFalse(GeneratorOptions.parse(List.of("--dryrun"), "x").kernelLog(), "a dry run logs to stderr only");
        assertFalse(GeneratorOptions.parse(List.of("--no-kmsg-log", "/o"), "x").kernelLog());
        assertThrows(IllegalArgumentException.class, () -> GeneratorOptions.parse(List.of(), "x"));
    }
}

package dev.sublet.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sublet.generator.output.UnitDirectoryWriter;
import dev.sublet.testsupport.SystemTests;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** systemd itself accepts what the generator writes: quoting, specifiers, sections, links. */
class GeneratedUnitsVerifyTest {

    private static final String SYSTEMD_ANALYZE = "/usr/bin/systemd-analyze";

    @TempDir
    Path tmp;

    @Test
    void systemdAnalyzeVerifyAcceptsGeneratedUnits() throws Exception {
        SystemTests.needExecutable(SYSTEMD_ANALYZE);
        Path units = Files.createDirectories(tmp.resolve("units"));
        Files.writeString(units.resolve("web.container"), """
                [Unit]
                Description=Web with "quotes" and 100%% load
                After=db.container

                [Container]
                Rootfs=%h/rootfs
                Exec=/bin/sh -c 'echo "$HOME" \\\\ done; exit 0' ; "" tab\there

                [Service]
                Restart=on-failure

                [Install]
                WantedBy=default.target
                """);
        Files.writeString(units.resolve("db.container"), "[Container]\nRootfs=/srv/db root\n");
        GeneratorContext context = new GeneratorContext(false, 1000, 1000, "alice", tmp, tmp.resolve("subuid"),
                tmp.resolve("subgid"), tmp.resolve("state"), "/usr/bin/echo", Map.of("SUBLET_UNIT_DIRS", units.toString()));
        Path out = tmp.resolve("out");
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        try (GeneratorLog log = new GeneratorLog(new PrintStream(errors, true, StandardCharsets.UTF_8), false)) {
            new Generator(context, new FakeTranslator(), new UnitDirectoryWriter(out), log, tmp, false).run();
            assertEquals(0, log.errorCount(), errors.toString());
        }

        Process verify = new ProcessBuilder(SYSTEMD_ANALYZE, "verify", "--man=no",
                out.resolve("web.service").toString(), out.resolve("db.service").toString())
                .redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        verify.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, verify.exitValue(), output);
        assertEquals(List.of(), output.lines().filter(l -> l.contains(out.toString())).toList(), output);
    }
}

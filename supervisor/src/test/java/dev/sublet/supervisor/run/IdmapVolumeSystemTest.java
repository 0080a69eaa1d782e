package dev.sublet.supervisor.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.common.IdMapping;
import dev.sublet.supervisor.run.SubletRunner.As;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --volume SRC:DST:idmap}: an idmapped mount as root, a clear refusal where impossible. */
class IdmapVolumeSystemTest {

    private static final Duration START = Duration.ofSeconds(60);
    /** An auto-like allocation: the container's root is host uid 200000. */
    private static final List<IdMapping> AUTO = List.of(new IdMapping(0, 200000, 65536));

    /** The same root-owned directory, idmapped at /home and plainly bound at /root for contrast. */
    @Test
    void hostRootsFilesAreTheContainerRootsOnAnIdmappedVolume() throws IOException {
        SubletRunner runner = SubletRunner.as(As.ROOT);
        Path data = SubletRunner.worldReadableTempDir("sublet-idmap");
        Files.writeString(data.resolve("file"), "x");
        SubletProcess container = runner.run(AUTO, List.of("--volume", data + ":/home:idmap", "--volume", data + ":/root"),
                "/bin/sh", "-c", "stat -c %u /home/file; stat -c %u /root/file; touch /home/new && echo created;"
                        + " touch /root/denied 2>/dev/null || echo denied");
        assertEquals(0, container.waitFor(START), container.stderr());
        assertEquals(List.of("0", "65534", "created", "denied"), container.stdout().lines().toList(), container.stderr());
        assertEquals(0, SubletProcess.fileOwner(data.resolve("new")), "the container's root wrote as the host's root");
    }

    @Test
    void aFileSystemWithoutIdmapSupportIsReportedClearly() throws IOException {
        SubletRunner runner = SubletRunner.as(As.ROOT);
        SubletProcess container = runner.run(AUTO, List.of("--volume", "/proc/sys:/home:idmap"), "/bin/true");
        assertEquals(125, container.waitFor(START));
        assertTrue(container.stderr().contains("/proc/sys:/home:idmap: the file system of /proc/sys does not support idmapped mounts"),
                container.stderr());
    }

    @Test
    void rootlessIdmapIsRefusedWithTheReason() throws IOException {
        SubletRunner runner = SubletRunner.as(As.TEST_USER);
        Path data = SubletRunner.worldReadableTempDir("sublet-idmap");
        SubletProcess container = runner.run(runner.hostMode(), List.of("--volume", data + ":/home:idmap"), "/bin/true");
        assertEquals(125, container.waitFor(START));
        assertTrue(container.stderr().contains("idmap needs root"), container.stderr());
    }
}

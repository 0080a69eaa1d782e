package dev.sublet.supervisor.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.supervisor.run.SubletRunner.As;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code --read-only} makes the root mount read-only, and nothing mounted on it. */
class ReadOnlyRootSystemTest {

    @ParameterizedTest
    @EnumSource(As.class)
    void onlyTheRootMountIsReadOnly(As as) throws IOException {
        SubletRunner runner = SubletRunner.as(as);
        Path volume = SubletRunner.worldReadableTempDir("sublet-rw-volume");
        SubletRunner.run("chown", runner.uid + ":" + runner.gid, volume.toString());
        String script = "touch /x 2>&1 | grep -o 'Read-only file system'; "
                + "for f in /tmp/x /var/tmp/x /run/x /root/x /home/x /dev/shm/x; do touch $f && echo $f; done; "
                + "echo > /dev/null && echo /dev/null";
        SubletProcess container = runner.run(runner.hostMode(),
                List.of("--read-only", "--tmpfs", "/root", "--volume", volume + ":/home"),
                "/bin/sh", "-c", script);
        assertEquals(0, container.waitFor(Duration.ofSeconds(60)), container.stderr());
        assertEquals(List.of("Read-only file system", "/tmp/x", "/var/tmp/x", "/run/x", "/root/x", "/home/x",
                "/dev/shm/x", "/dev/null"), container.stdout().lines().toList(), container.stderr());
        assertTrue(Files.exists(volume.resolve("x")), "the write went to the host directory");
    }
}

package dev.sublet.supervisor.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.supervisor.run.SubletRunner.As;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every atime flag the generator accepts for Tmpfs= reaches the kernel as a flag, not as tmpfs data. */
class TmpfsOptionsSystemTest {

    @Test
    void atimeFlagsAndDataMountAsGiven() throws IOException {
        SubletRunner runner = SubletRunner.as(As.ROOT);
        SubletProcess container = runner.run(runner.hostMode(),
                List.of("--tmpfs", "/root:atime,diratime,norelatime,nostrictatime,noatime,nodiratime,size=1m"),
                "/bin/sh", "-c", "grep ' /root ' /proc/mounts");
        assertEquals(0, container.waitFor(Duration.ofSeconds(60)), container.stderr());
        String options = container.stdout().strip().split(" ")[3];
        for (String expected : List.of("noatime", "nodiratime", "size=1024k", "nosuid", "nodev", "noexec")) {
            assertTrue(("," + options + ",").contains("," + expected + ","), expected + " missing in " + options);
        }
    }
}

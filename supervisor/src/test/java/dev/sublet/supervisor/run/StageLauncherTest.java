package dev.sublet.supervisor.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StageLauncherTest {

    @Test
    void theStageGetsTheLaunchersOptionsOneWordEach() {
        assertEquals(List.of("-XX:SharedArchiveFile=/usr/lib/sublet/sublet.jsa", "-Xshare:auto", "-Xmx64m"),
                StageLauncher.stageJvmOptions(" -XX:SharedArchiveFile=/usr/lib/sublet/sublet.jsa  -Xshare:auto -Xmx64m "));
    }

    @Test
    void withoutTheLauncherTheStageStillStartsLean() {
        for (String unset : new String[] {null, "", "  "}) {
            List<String> options = StageLauncher.stageJvmOptions(unset);
            assertTrue(options.contains("-XX:+UseSerialGC") && options.contains("-XX:TieredStopAtLevel=1"), options.toString());
        }
    }
}

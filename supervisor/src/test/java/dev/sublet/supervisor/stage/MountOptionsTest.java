package dev.sublet.supervisor.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sublet.supervisor.sys.Linux;
import org.junit.jupiter.api.Test;

class MountOptionsTest {

    @Test
    void tmpfsDefaultsAreNoexecNosuidNodev() {
        assertEquals(new MountOptions(Linux.MS_NOEXEC | Linux.MS_NOSUID | Linux.MS_NODEV, ""), MountOptions.forTmpfs(""));
    }

    @Test
    void givenOptionsOverrideTheDefaultsAndTheRestIsData() {
        MountOptions options = MountOptions.forTmpfs("rw,exec,size=64m,mode=1777,ro");
        assertEquals(Linux.MS_NOSUID | Linux.MS_NODEV | Linux.MS_RDONLY, options.flags());
        assertEquals("size=64m,mode=1777", options.data());
    }
}

package dev.sublet.supervisor.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.supervisor.sys.Linux;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    @Test
    void eachAtimeFlagIsUndoneByItsNegation() {
        assertEquals(new MountOptions(0, ""), MountOptions.parse("noatime,atime,nodiratime,diratime,relatime,norelatime,"
                + "strictatime,nostrictatime"));
        assertEquals(new MountOptions(Linux.MS_NOATIME | Linux.MS_NODIRATIME, ""),
                MountOptions.parse("atime,noatime,diratime,nodiratime"));
    }

    /** A flag the generator lets through but this class took for file system data would fail the mount. */
    @Test
    void everyFlagTheGeneratorAcceptsForTmpfsIsAMountFlag() throws IOException {
        List<String> generatorFlags = generatorTmpfsFlags();
        assertFalse(generatorFlags.isEmpty());
        for (String flag : generatorFlags) {
            assertEquals("", MountOptions.parse(flag).data(), flag + " would be passed to tmpfs as data");
        }
    }

    private static List<String> generatorTmpfsFlags() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        Path project = Files.exists(here.resolve("generator")) ? here : here.getParent();
        String source = Files.readString(project.resolve(
                "generator/src/main/java/dev/sublet/generator/container/StorageTranslator.java"));
        Matcher set = Pattern.compile("TMPFS_FLAGS = Set\\.of\\(([^)]*)\\)").matcher(source);
        assertTrue(set.find(), "TMPFS_FLAGS not found in StorageTranslator.java");
        return Pattern.compile("\"([a-z]+)\"").matcher(set.group(1)).results().map(m -> m.group(1)).toList();
    }
}

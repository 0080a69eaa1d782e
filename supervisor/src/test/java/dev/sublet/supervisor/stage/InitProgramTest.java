package dev.sublet.supervisor.stage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.testsupport.SystemTests;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InitProgramTest {

    @Test
    void catatonitIsStaticAndTheJavaLauncherIsNot() {
        SystemTests.needExecutable(InitProgram.HOST_PATH);
        assertTrue(InitProgram.isStatic(Path.of(InitProgram.HOST_PATH)));
        assertFalse(InitProgram.isStatic(Path.of(System.getProperty("java.home"), "bin", "java")));
    }

    @Test
    void aFileThatIsNoElfExecutableIsRejected() {
        assertThrows(StageFailure.class, () -> InitProgram.isStatic(Path.of("/etc/passwd")));
    }
}

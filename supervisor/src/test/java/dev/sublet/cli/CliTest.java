package dev.sublet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI without any bus: errors, completion, version. */
class CliTest {

    @TempDir
    Path directory;

    /** Output of one run: exit status, stdout, stderr. */
    record Result(int status, String out, String err) {
    }

    static Result run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Cli.run(args, environment, new PrintWriter(out), new PrintWriter(err));
        return new Result(status, out.toString(), err.toString());
    }

    @Test
    void withoutAnyBusAddressItSaysSoAndFails() {
        Result result = run(Map.of(), "ps");
        assertEquals(1, result.status());
        assertEquals("sublet: no session bus: neither DBUS_SESSION_BUS_ADDRESS nor XDG_RUNTIME_DIR is set;"
                + " run sublet in the user session that runs the containers\n", result.err());
    }

    @Test
    void anUnreachableBusIsAClearError() {
        Result result = run(Map.of("XDG_RUNTIME_DIR", directory.toString()), "inspect", "web");
        assertEquals(1, result.status());
        assertTrue(result.err().startsWith("sublet: cannot reach the D-Bus session bus at unix:path=" + directory
                + "/bus: "), result.err());
        assertEquals("", result.out());
    }

    @Test
    void completionPrintsABashScriptForEverySubcommand() {
        Result result = run(Map.of(), "completion");
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().contains("complete -F"), result.out());
        for (String command : new String[] {"ps", "top", "inspect", "stop", "kill", "--format", "--signal"}) {
            assertTrue(result.out().contains(command), command);
        }
    }

    @Test
    void versionComesFromTheBuild() {
        Result result = run(Map.of(), "--version");
        assertEquals(0, result.status());
        assertTrue(result.out().matches("sublet \\d+\\.\\d+\\.\\d+\\S*\n"), result.out());
    }

    @Test
    void anUnknownTopDescriptorIsAUsageError() {
        Result result = run(Map.of(), "top", "web", "user,bogus");
        assertEquals(2, result.status());
        assertTrue(result.err().contains("unknown descriptor 'bogus'; known: user, huser, group, hgroup, pid, hpid,"
                + " ppid, comm, args"), result.err());
    }

    @Test
    void aMissingCommandOrNameIsAUsageError() {
        assertEquals(2, run(Map.of()).status());
        Result result = run(Map.of(), "kill");
        assertEquals(2, result.status());
        assertTrue(result.err().contains("Missing required parameter: 'NAME'"), result.err());
        assertFalse(result.err().contains("Exception"), result.err());
    }
}

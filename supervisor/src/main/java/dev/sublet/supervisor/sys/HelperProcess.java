package dev.sublet.supervisor.sys;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a helper program (newuidmap, newgidmap) to its end through posix_spawn: stdin /dev/null,
 * stdout and stderr captured together. ProcessBuilder's first use cost about 30 ms of class loading,
 * a process-reaper thread pool and a jspawnhelper exec, on the path of every rootless start.
 */
public final class HelperProcess {

    /** The helper's exit status (128+N for death by signal N) and what it printed. */
    public record Result(int status, String output) {
    }

    private HelperProcess() {
    }

    /** {@code command.get(0)} is the absolute path of the program. */
    public static Result run(List<String> command) {
        int devNull = Linux.open("/dev/null", Linux.O_RDONLY, 0);
        int[] output;
        try {
            output = Linux.pipe(3);
        } catch (SysException e) {
            Linux.close(devNull);
            throw e;
        }
        long pid;
        try {
            pid = Linux.spawn(command.get(0), command, inheritedEnvironment(),
                    new int[][] {{devNull, 0}, {output[1], 1}, {output[1], 2}});
        } catch (SysException e) {
            Linux.close(output[0]);
            throw e;
        } finally {
            Linux.close(devNull);
            Linux.close(output[1]);
        }
        String printed;
        try {
            printed = new String(Linux.readAll(output[0]), StandardCharsets.UTF_8).strip();
        } finally {
            Linux.close(output[0]);
        }
        return new Result(Linux.waitForChild(pid), printed);
    }

    /** This process's environment as {@code NAME=value} strings, for a spawned child. */
    public static List<String> inheritedEnvironment() {
        List<String> environment = new ArrayList<>();
        for (Map.Entry<String, String> variable : System.getenv().entrySet()) {
            environment.add(variable.getKey() + "=" + variable.getValue());
        }
        return environment;
    }
}

package dev.sublet.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * The {@code sublet} subcommands other than {@code run}: ps, top, inspect, stop, kill, completion.
 * Only this class loads picocli, so {@code sublet run} never pays for it.
 */
public final class Cli {

    private Cli() {
    }

    /** Returns the process exit status. */
    public static int run(String[] args) {
        return run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /**
     * Runs with an explicit environment (which session bus) and streams; exit status 0 on success,
     * 1 when the command failed (unknown container, no bus), 2 for a usage error.
     */
    static int run(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = commandLine(environment);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (exception instanceof CliException) {
                cmd.getErr().println("sublet: " + exception.getMessage());
            } else {
                cmd.getErr().println("sublet: unexpected error: " + exception);
            }
            cmd.getErr().flush();
            return 1;
        });
        int status = commandLine.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    static CommandLine commandLine(Map<String, String> environment) {
        return new CommandLine(new SubletCommand(environment));
    }
}

package dev.sublet.supervisor;

import dev.sublet.cli.Cli;
import dev.sublet.supervisor.run.RunCommand;
import java.util.Arrays;

/**
 * Entry point of {@code sublet}. {@code run} takes a fast path that loads neither picocli nor the
 * D-Bus client up front: every container start pays for this JVM's start-up.
 */
public final class SubletMain {

    private SubletMain() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("run")) {
            System.exit(RunCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        System.exit(Cli.run(args));
    }
}

package dev.sublet.cli;

/** The {@code sublet} subcommands other than {@code run}: ps, top, inspect, stop, kill. */
public final class Cli {

    private Cli() {
    }

    /** Returns the process exit status. */
    public static int run(String[] args) {
        throw new UnsupportedOperationException("sublet: not implemented yet");
    }
}

package dev.sublet.supervisor.run;

/** {@code sublet run ARGS}: parses the contract and supervises one container. */
public final class RunCommand {

    private RunCommand() {
    }

    /** Returns the process exit status. */
    public static int run(String[] args) {
        throw new UnsupportedOperationException("sublet run: not implemented yet");
    }
}

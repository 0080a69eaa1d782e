package dev.sublet.supervisor.run;

/** A reason {@code sublet run} cannot start or keep the container, with podman's exit status for it. */
final class RunFailure extends RuntimeException {

    static final int EXIT_SUPERVISOR_ERROR = 125;

    private final int exitStatus;

    RunFailure(String message, int exitStatus) {
        super(message);
        this.exitStatus = exitStatus;
    }

    RunFailure(String message) {
        this(message, EXIT_SUPERVISOR_ERROR);
    }

    int exitStatus() {
        return exitStatus;
    }
}

package dev.sublet.supervisor.stage;

/** Stops the stage with a one-line message for the supervisor and an exit status. */
public final class StageFailure extends RuntimeException {

    private final int exitStatus;

    public StageFailure(String message, int exitStatus) {
        super(message);
        this.exitStatus = exitStatus;
    }

    public StageFailure(String message) {
        this(message, StageProtocol.EXIT_SETUP_FAILED);
    }

    public int exitStatus() {
        return exitStatus;
    }
}

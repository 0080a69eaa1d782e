package dev.sublet.supervisor.state;

/** The life cycle of one container, as reported on D-Bus (lower-case names). */
public enum ContainerPhase {
    STARTING, RUNNING, STOPPING, EXITED, FAILED;

    public String label() {
        return name().toLowerCase();
    }
}

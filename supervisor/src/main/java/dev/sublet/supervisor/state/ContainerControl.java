package dev.sublet.supervisor.state;

/** What the outside world (D-Bus, signals from systemd) may ask the supervisor to do. */
public interface ContainerControl {

    /** Sends the stop signal, then SIGKILL after {@code timeoutSeconds}; returns at once. */
    void stop(int timeoutSeconds);

    /** Sends a signal (name such as {@code SIGHUP} or {@code HUP}, or a number) to the container's PID 1. */
    void kill(String signal);
}

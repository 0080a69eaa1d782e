package dev.sublet.supervisor.dbus;

import dev.sublet.supervisor.state.ContainerControl;
import dev.sublet.supervisor.state.ContainerState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A ContainerControl that records requests; stop ends the container at once, as a quick payload would. */
public final class RecordingControl implements ContainerControl {

    private final ContainerState state;
    private final List<String> calls = new CopyOnWriteArrayList<>();

    public RecordingControl(ContainerState state) {
        this.state = state;
    }

    public List<String> calls() {
        return calls;
    }

    @Override
    public void stop(int timeoutSeconds) {
        calls.add("stop " + timeoutSeconds);
        state.stopping();
        state.ended(143, false);
    }

    @Override
    public void kill(String signal) {
        if (!signal.matches("(SIG)?[A-Z0-9]+")) {
            throw new IllegalArgumentException("unknown signal '" + signal + "'");
        }
        calls.add("kill " + signal);
    }
}

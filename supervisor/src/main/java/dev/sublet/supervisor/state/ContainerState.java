package dev.sublet.supervisor.state;

import dev.sublet.common.IdMapping;
import dev.sublet.common.RunSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The observable state of one container, owned by the supervisor and read by the D-Bus export.
 * Fixed facts come from the {@link RunSpec}; the phase, the host PID of the container's PID 1,
 * the start time and the exit status change, and every change notifies the listeners with the
 * names of the D-Bus properties that changed.
 */
public final class ContainerState {

    /** Told about every change, with the D-Bus property names that changed. */
    public interface Listener {
        void changed(ContainerState state, Set<String> properties);
    }

    private final RunSpec spec;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile ContainerPhase phase = ContainerPhase.STARTING;
    private volatile long mainPid;
    private volatile long startedAtMillis;
    private volatile int exitStatus = -1;

    public ContainerState(RunSpec spec) {
        this.spec = spec;
    }

    public String name() { return spec.name(); }
    public String unit() { return spec.unit() == null ? "" : spec.unit(); }
    public String rootfs() { return spec.rootfs(); }
    public List<String> command() { return List.copyOf(spec.command()); }
    public List<IdMapping> uidMap() { return List.copyOf(spec.uidMaps()); }
    public List<IdMapping> gidMap() { return List.copyOf(spec.gidMaps()); }
    public Map<String, String> labels() { return Map.copyOf(spec.labels()); }
    /** Seconds between the stop signal and SIGKILL when a stop does not name its own timeout. */
    public int stopTimeoutSeconds() { return spec.stopTimeoutSeconds(); }
    public ContainerPhase phase() { return phase; }
    /** Host PID of the container's PID 1, 0 before it exists. */
    public long mainPid() { return mainPid; }
    /** Epoch milliseconds when the payload was exec'd, 0 before. */
    public long startedAtMillis() { return startedAtMillis; }
    /** Exit status as a shell reports it (128+N for signal N), -1 while running. */
    public int exitStatus() { return exitStatus; }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void running(long hostPid, long startedAt) {
        mainPid = hostPid;
        startedAtMillis = startedAt;
        phase = ContainerPhase.RUNNING;
        fire(Set.of("State", "MainPID", "StartedAt"));
    }

    public void stopping() {
        phase = ContainerPhase.STOPPING;
        fire(Set.of("State"));
    }

    /** The payload ended; {@code failed} when it exited non-zero or by a signal other than the stop signal. */
    public void ended(int status, boolean failed) {
        exitStatus = status;
        phase = failed ? ContainerPhase.FAILED : ContainerPhase.EXITED;
        fire(Set.of("State", "ExitStatus"));
    }

    private void fire(Set<String> properties) {
        for (Listener listener : listeners) {
            try {
                listener.changed(this, properties);
            } catch (RuntimeException e) {
                System.err.println("sublet: state listener failed: " + e);
            }
        }
    }
}

package dev.sublet.supervisor.dbus;

import dev.sublet.supervisor.state.ContainerControl;
import dev.sublet.supervisor.state.ContainerState;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.freedesktop.dbus.exceptions.DBusException;

/**
 * Exports one container's state on the user's session bus. Connecting happens in the background so
 * a slow or missing bus never delays or stops the container.
 *
 * <p>All bus work runs on one daemon thread: a periodic tick connects when there is no session and
 * notices when the bus has gone away (a restarted bus is picked up on the next tick), and state
 * changes are queued to the same thread, so the supervisor never blocks on the bus. Problems are
 * logged once each time the reporting status changes, never per retry. A name already owned by
 * another container is such a problem too: the container keeps running unreported, and takes the
 * name over if the other one goes away.
 */
public final class BusReporter implements AutoCloseable {

    /** Whether the state is currently visible on the bus; for tests and diagnostics. */
    enum Status { CONNECTING, REPORTING, NOT_REPORTING }

    /** Why the state is not reported now, so each outage is logged once, not once per retry. */
    private enum Problem { NO_BUS, NAME_TAKEN }

    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final ContainerState state;
    private final ContainerControl control;
    private final ContainerTop top;
    private final ReporterSettings settings;
    private final ScheduledExecutorService worker;
    private volatile Status status = Status.CONNECTING;
    // Touched only on the worker thread. The object is made there too: loading dbus-java's
    // classes takes a fifth of a second that the container start must not wait for.
    private ContainerObject object;
    private BusSession session;
    private Problem lastProblem;
    private volatile boolean closed;

    private BusReporter(ContainerState state, ContainerControl control, ContainerTop top, ReporterSettings settings) {
        this.state = state;
        this.control = control;
        this.top = top;
        this.settings = settings;
        this.worker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sublet-dbus");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts connecting in the background and returns at once. */
    public static BusReporter startInBackground(ContainerState state, ContainerControl control) {
        return start(state, control, ReporterSettings.fromEnvironment(), ContainerTop.live());
    }

    static BusReporter start(ContainerState state, ContainerControl control, ReporterSettings settings,
            ContainerTop top) {
        BusReporter reporter = new BusReporter(state, control, top, settings);
        reporter.begin();
        return reporter;
    }

    Status status() {
        return status;
    }

    private void begin() {
        String busName;
        try {
            busName = BusNames.forContainer(state.name());
        } catch (IllegalArgumentException e) {
            notReporting(e.getMessage());
            return;
        }
        if (settings.address().isEmpty()) {
            notReporting(SessionBus.noAddressReason());
            return;
        }
        state.addListener(this::changed);
        long retry = settings.retryInterval().toMillis();
        worker.scheduleWithFixedDelay(() -> tick(settings.address().get(), busName), 0, retry, TimeUnit.MILLISECONDS);
    }

    private void tick(String address, String busName) {
        if (closed) {
            return;
        }
        if (session != null) {
            if (session.isConnected()) {
                return;
            }
            session.close();
            session = null;
            problem(Problem.NO_BUS, "lost the D-Bus connection to " + address);
        }
        try {
            if (object == null) {
                object = new ContainerObject(state, control, top);
            }
            session = BusSession.open(address, busName, object);
            if (lastProblem != null) {
                settings.log().accept(state.name() + ": reporting state on D-Bus again as " + busName);
                lastProblem = null;
            }
            status = Status.REPORTING;
        } catch (BusSession.NameTakenException e) {
            problem(Problem.NAME_TAKEN, "another container named '" + state.name() + "' already owns " + busName
                    + " on the session bus; this one runs on, but give it a unique ContainerName=");
        } catch (DBusException | RuntimeException e) {
            problem(Problem.NO_BUS, "cannot reach the D-Bus session bus at " + address + " (" + e.getMessage() + ")");
        }
    }

    private void problem(Problem kind, String what) {
        if (kind != lastProblem) {
            notReporting(what + "; retrying every " + settings.retryInterval().toMillis() / 1000.0 + " s");
        }
        lastProblem = kind;
        status = Status.NOT_REPORTING;
    }

    /** Logs before changing the status, so whoever sees the status also finds the reason logged. */
    private void notReporting(String why) {
        settings.log().accept(state.name() + ": container state is not reported (sublet ps/top/inspect will not see it): "
                + why);
        status = Status.NOT_REPORTING;
    }

    private void changed(ContainerState changedState, Set<String> properties) {
        try {
            worker.execute(() -> announce(properties));
        } catch (RejectedExecutionException e) {
            // Closed: nobody listens any more.
        }
    }

    private void announce(Set<String> properties) {
        if (session == null) {
            return;
        }
        try {
            session.announce(object.properties(), state, properties);
        } catch (DBusException | RuntimeException e) {
            // A dying connection; the next tick notices and reconnects, and clients re-read on reconnect.
        }
    }

    /** Sends what is still queued (such as the final state), then leaves the bus, which releases the name. */
    @Override
    public void close() {
        closed = true;
        try {
            worker.execute(() -> {
                if (session != null) {
                    session.close();
                    session = null;
                }
            });
        } catch (RejectedExecutionException e) {
            return;
        }
        worker.shutdown();
        try {
            worker.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

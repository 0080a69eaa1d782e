package dev.sublet.supervisor.dbus;

import dev.sublet.supervisor.state.ContainerControl;
import dev.sublet.supervisor.state.ContainerState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Starts reporters on a chosen bus with a fast retry, and keeps what they log; for tests in any package. */
public final class TestReporters {

    public static final Duration RETRY = Duration.ofMillis(200);

    private TestReporters() {
    }

    /** A reporter plus the lines it logged. */
    public record Started(BusReporter reporter, List<String> log) implements AutoCloseable {
        public boolean reporting() {
            return reporter.status() == BusReporter.Status.REPORTING;
        }

        public boolean notReporting() {
            return reporter.status() == BusReporter.Status.NOT_REPORTING;
        }

        @Override
        public void close() {
            reporter.close();
        }
    }

    public static Started start(ContainerState state, ContainerControl control, String address) {
        List<String> log = new CopyOnWriteArrayList<>();
        BusReporter reporter = BusReporter.start(state, control,
                new ReporterSettings(Optional.ofNullable(address), RETRY, log::add), ContainerTop.live());
        return new Started(reporter, log);
    }

    /** Waits (bounded) until the reporter owns its name, failing otherwise. */
    public static Started startReporting(ContainerState state, ContainerControl control, String address)
            throws InterruptedException {
        Started started = start(state, control, address);
        awaitTrue(started::reporting, "reporter to own its bus name; log: " + started.log());
        return started;
    }

    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls for up to 15 s; a bound against hangs, not a timing assertion. */
    public static void awaitTrue(Condition condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (Exception e) {
                // not yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}

package dev.sublet.supervisor.dbus;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where and how a {@link BusReporter} reports.
 *
 * @param address the bus address, empty when the environment names none
 * @param retryInterval how often a missing or lost bus is tried again
 * @param log receives one line per change of reporting status (the supervisor's stderr, i.e. the journal)
 */
record ReporterSettings(Optional<String> address, Duration retryInterval, Consumer<String> log) {

    static final Duration DEFAULT_RETRY = Duration.ofSeconds(5);

    static ReporterSettings fromEnvironment() {
        return new ReporterSettings(SessionBus.address(System.getenv()), DEFAULT_RETRY,
                line -> System.err.println("sublet: " + line));
    }
}

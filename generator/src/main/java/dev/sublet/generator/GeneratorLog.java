package dev.sublet.generator;

import java.io.Closeable;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * The generator's messages: to stderr, and to the kernel log when systemd runs us. Errors are
 * counted so the generator can exit 1 after it generated everything it could.
 */
public final class GeneratorLog implements Closeable {

    private final PrintStream err;
    private final boolean verbose;
    private final KernelLog kernelLog;
    private int errors;

    /** @param kernelLog null to log to stderr only */
    GeneratorLog(PrintStream err, boolean verbose, KernelLog kernelLog) {
        this.err = err;
        this.verbose = verbose;
        this.kernelLog = kernelLog;
    }

    public GeneratorLog(PrintStream err, boolean verbose) {
        this(err, verbose, null);
    }

    /** A problem that makes the generator exit 1, e.g. {@code file:line: key: what is wrong}. */
    public void error(String message) {
        errors++;
        emit(KernelLog.ERROR, message);
    }

    public void warning(String message) {
        emit(KernelLog.WARNING, "warning: " + message);
    }

    public void debug(String message) {
        if (verbose) {
            emit(KernelLog.DEBUG, message);
        }
    }

    public int errorCount() {
        return errors;
    }

    /**
     * {@link #warning} for the components that report through a Consumer. These are classes, not
     * method references like {@code log::warning}: each method reference or lambda is linked through
     * invokedynamic, and the first one of a run initialises java.lang.invoke, about 8 ms of a cold
     * start (docs/design-notes.md, "Start-up").
     */
    public Consumer<String> warnings() {
        return new Consumer<>() {
            @Override
            public void accept(String message) {
                warning(message);
            }
        };
    }

    /** {@link #debug} as a Consumer, for the same reason as {@link #warnings()}. */
    public Consumer<String> debugMessages() {
        return new Consumer<>() {
            @Override
            public void accept(String message) {
                debug(message);
            }
        };
    }

    private void emit(int priority, String message) {
        err.println(message);
        if (kernelLog != null) {
            kernelLog.write(priority, message);
        }
    }

    @Override
    public void close() {
        err.flush();
        if (kernelLog != null) {
            kernelLog.close();
        }
    }
}

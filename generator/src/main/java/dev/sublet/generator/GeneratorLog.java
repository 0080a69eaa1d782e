package dev.sublet.generator;

import java.io.Closeable;
import java.io.PrintStream;

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

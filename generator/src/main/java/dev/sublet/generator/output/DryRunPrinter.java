package dev.sublet.generator.output;

import java.io.PrintStream;

/** {@code --dryrun}: prints each service as {@code ---name.service---} and its text, as Quadlet does; writes nothing. */
public final class DryRunPrinter implements UnitSink {

    private final PrintStream out;

    public DryRunPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void accept(ServiceUnit unit) {
        out.print("---" + unit.name() + "---\n" + unit.text() + "\n");
        out.flush();
    }
}

package dev.sublet.generator;

import dev.sublet.generator.container.Translator;
import dev.sublet.generator.output.DryRunPrinter;
import dev.sublet.generator.output.UnitDirectoryWriter;
import dev.sublet.generator.output.UnitSink;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code sublet-generator}, run by systemd as {@code GENERATOR NORMAL_DIR EARLY_DIR
 * LATE_DIR} on every daemon-reload. Kept lean for start-up time: no CLI framework, no D-Bus, no
 * native access. The launcher passes $0 as the system property {@code sublet.program}.
 */
public final class GeneratorMain {

    private GeneratorMain() {
    }

    public static void main(String[] args) {
        int status = run(Arrays.asList(args), System.getenv(), System.getProperty("sublet.program", "sublet-generator"),
                System.out, System.err, System.console() != null, TranslatorFactory.QUADLET);
        System.exit(status);
    }

    /**
     * @return 0 when every unit was generated, 1 when anything failed (the others are still generated)
     */
    static int run(List<String> args, Map<String, String> env, String programName, PrintStream out, PrintStream err,
                   boolean hasTerminal, TranslatorFactory translators) {
        GeneratorOptions options;
        try {
            options = GeneratorOptions.parse(args, programName);
        } catch (IllegalArgumentException e) {
            err.println("sublet-generator: " + e.getMessage());
            return 1;
        }
        KernelLog kernelLog = options.kernelLog() ? KernelLog.openIfRunBySystemd(env, hasTerminal) : null;
        try (GeneratorLog log = new GeneratorLog(err, options.verbose(), kernelLog)) {
            GeneratorContext context;
            Translator translator;
            try {
                context = EnvironmentContext.build(!options.userMode(), env);
                translator = translators.create(context, log.warnings());
            } catch (IllegalArgumentException | IllegalStateException e) {
                log.error("sublet-generator: " + e.getMessage());
                return 1;
            }
            log.debug("sublet-generator: " + (context.systemMode() ? "system" : "user") + " mode, uid " + context.uid());
            UnitSink sink = options.dryRun() ? new DryRunPrinter(out) : new UnitDirectoryWriter(options.outputDir());
            new Generator(context, translator, sink, log, Path.of("/"), options.dryRun()).run();
            return log.errorCount() == 0 ? 0 : 1;
        }
    }
}

package dev.sublet.generator;

import java.nio.file.Path;
import java.util.List;

/**
 * The generator's command line: {@code [-v] [--user] [--dryrun] [--no-kmsg-log] NORMAL_DIR [EARLY_DIR LATE_DIR]}.
 * Options are accepted with one dash too, as Quadlet spells them ({@code -dryrun}).
 *
 * @param outputDir the normal-priority output directory (null with --dryrun and no directory)
 */
public record GeneratorOptions(boolean userMode, boolean dryRun, boolean verbose, boolean kernelLog, Path outputDir) {

    static final String USAGE = "usage: sublet-generator [-v] [--user] [--dryrun] [--no-kmsg-log]"
            + " NORMAL_DIR [EARLY_DIR LATE_DIR]";

    /**
     * @param programName how we were invoked ($0): a name containing "user" (such as
     *                    {@code sublet-user-generator}) selects user mode, as for Quadlet
     * @throws IllegalArgumentException with a message that ends in the usage line
     */
    public static GeneratorOptions parse(List<String> args, String programName) {
        boolean userMode = programName != null && baseName(programName).contains("user");
        boolean dryRun = false;
        boolean verbose = false;
        boolean kernelLog = true;
        Path outputDir = null;
        int directories = 0;
        for (String arg : args) {
            switch (arg) {
                case "--user", "-user" -> userMode = true;
                case "--dryrun", "-dryrun" -> dryRun = true;
                case "-v", "--verbose", "-verbose" -> verbose = true;
                case "--no-kmsg-log", "-no-kmsg-log" -> kernelLog = false;
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
                    }
                    if (++directories > 3) {
                        throw new IllegalArgumentException("too many arguments\n" + USAGE);
                    }
                    if (directories == 1) {
                        outputDir = Path.of(arg);
                    }
                }
            }
        }
        if (outputDir == null && !dryRun) {
            throw new IllegalArgumentException("missing output directory argument\n" + USAGE);
        }
        return new GeneratorOptions(userMode, dryRun, verbose, kernelLog && !dryRun, outputDir);
    }

    private static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}

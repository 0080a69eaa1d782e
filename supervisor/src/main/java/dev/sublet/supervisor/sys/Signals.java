package dev.sublet.supervisor.sys;

import java.util.List;
import java.util.Locale;

/** Linux signal names and numbers, as {@code StopSignal=} and {@code sublet stop/kill} take them. */
public final class Signals {

    public static final int SIGKILL = 9;

    private static final List<String> NAMES = List.of(
            "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
            "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
            "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");
    private static final int RTMIN = 34;
    private static final int RTMAX = 64;

    private Signals() {
    }

    /**
     * The number of a signal given as {@code SIGTERM}, {@code term}, {@code 15} or {@code RTMIN+3}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static int parse(String text) {
        String name = text.trim().toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        int number;
        if (name.matches("[0-9]+")) {
            number = Integer.parseInt(name);
        } else if (name.startsWith("RTMIN")) {
            number = RTMIN + offset(name.substring(5), text);
        } else if (name.startsWith("RTMAX")) {
            number = RTMAX + offset(name.substring(5), text);
        } else {
            number = NAMES.indexOf(name) + 1;
        }
        if (number < 1 || number > RTMAX) {
            throw new IllegalArgumentException("unknown signal '" + text + "' (use a name such as SIGTERM or a number 1-64)");
        }
        return number;
    }

    private static int offset(String rest, String text) {
        if (rest.isEmpty()) {
            return 0;
        }
        if (!rest.matches("[+-][0-9]+")) {
            throw new IllegalArgumentException("unknown signal '" + text + "'");
        }
        return Integer.parseInt(rest);
    }
}

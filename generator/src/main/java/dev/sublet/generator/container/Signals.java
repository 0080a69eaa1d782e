package dev.sublet.generator.container;

import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFileException;
import java.util.List;
import java.util.Locale;

/** StopSignal=: a signal name (any case, with or without SIG) or number, normalised to its name. */
final class Signals {

    /** Standard signals by number as on x86, ARM and the other "generic" Linux ABIs (index = number). */
    private static final List<String> NAMES = List.of("",
            "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
            "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP",
            "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",
            "SIGIO", "SIGPWR", "SIGSYS");

    private Signals() {
    }

    static String parse(Entry entry) throws UnitFileException {
        String value = entry.value().trim();
        if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
            int number = value.length() > 3 ? -1 : Integer.parseInt(value);
            if (number >= 1 && number < NAMES.size()) {
                return NAMES.get(number);
            }
        } else {
            String upper = value.toUpperCase(Locale.ROOT);
            String name = upper.startsWith("SIG") ? upper : "SIG" + upper;
            if (NAMES.contains(name)) {
                return name;
            }
        }
        throw new UnitFileException(entry, "unknown signal '" + value
                + "': use a name such as SIGTERM, SIGINT or SIGQUIT, or a number from 1 to 31");
    }
}

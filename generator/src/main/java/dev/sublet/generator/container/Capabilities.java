package dev.sublet.generator.container;

import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** AddCapability=/DropCapability=: names as in capabilities(7), any case, with or without {@code CAP_}. */
final class Capabilities {

    /** Linux capabilities 0 to 40 (CAP_CHECKPOINT_RESTORE, Linux 5.9), in kernel order. */
    private static final Set<String> KNOWN = Set.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
            "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
            "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
            "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    /** Podman's {@code all}, kept as {@code ALL} for the supervisor (DropCapability=all is common). */
    static final String ALL = "ALL";

    private Capabilities() {
    }

    /** Every capability of every entry (each a space-separated list), normalised to {@code CAP_X} or {@code ALL}. */
    static List<String> parse(List<Entry> entries) throws UnitFileException {
        List<String> capabilities = new ArrayList<>();
        for (Entry entry : entries) {
            for (String word : ContainerGroup.split(entry)) {
                String name = normalise(entry, word);
                if (!capabilities.contains(name)) {
                    capabilities.add(name);
                }
            }
        }
        return capabilities;
    }

    private static String normalise(Entry entry, String word) throws UnitFileException {
        String upper = word.toUpperCase(Locale.ROOT);
        if (upper.equals(ALL)) {
            return ALL;
        }
        String name = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
        if (!KNOWN.contains(name)) {
            throw new UnitFileException(entry, "unknown capability '" + word
                    + "': use a name from capabilities(7) such as CAP_NET_BIND_SERVICE, or ALL");
        }
        return name;
    }
}

package dev.sublet.supervisor.stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The capabilities a container keeps: Podman's default set, then {@code DropCapability=} (where
 * {@code ALL} empties it), then {@code AddCapability=} (where {@code ALL} fills it). Held as a bit
 * mask indexed by capability number, as the kernel does.
 */
public final class CapabilitySet {

    /** capability(7) names in number order, CAP_CHOWN = 0 to CAP_CHECKPOINT_RESTORE = 40. */
    private static final List<String> NAMES = List.of(
            "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID",
            "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW",
            "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
            "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
            "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG",
            "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE");

    /** containers.conf default_capabilities of Podman 4. */
    static final List<String> PODMAN_DEFAULT = List.of(
            "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "NET_BIND_SERVICE", "SETFCAP", "SETGID",
            "SETPCAP", "SETUID", "SYS_CHROOT");

    private static final long ALL = (1L << NAMES.size()) - 1;

    private final long mask;

    private CapabilitySet(long mask) {
        this.mask = mask;
    }

    public static CapabilitySet of(List<String> add, List<String> drop) {
        long mask = 0;
        for (String name : PODMAN_DEFAULT) {
            mask |= bit(name);
        }
        for (String name : drop) {
            mask &= isAll(name) ? 0 : ~bit(name);
        }
        for (String name : add) {
            mask |= isAll(name) ? ALL : bit(name);
        }
        return new CapabilitySet(mask);
    }

    public long mask() {
        return mask;
    }

    public boolean contains(int capability) {
        return capability < 64 && (mask & (1L << capability)) != 0;
    }

    /** The names, CAP_ prefixed, in number order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            if (contains(i)) {
                names.add("CAP_" + NAMES.get(i));
            }
        }
        return names;
    }

    private static boolean isAll(String name) {
        return name.trim().equalsIgnoreCase("ALL");
    }

    private static long bit(String name) {
        String key = name.trim().toUpperCase(Locale.ROOT);
        if (key.startsWith("CAP_")) {
            key = key.substring(4);
        }
        int index = NAMES.indexOf(key);
        if (index < 0) {
            throw new StageFailure("unknown capability '" + name + "' (see capabilities(7), e.g. CAP_NET_ADMIN)");
        }
        return 1L << index;
    }
}

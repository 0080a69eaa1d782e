package dev.sublet.supervisor.sys;

/**
 * Numbers of the system calls glibc 2.36 has no wrapper for. They differ between architectures;
 * sublet supports the two the project builds for.
 */
enum Syscall {
    CAPGET(125, 90),
    CAPSET(126, 91),
    PIVOT_ROOT(155, 41),
    PIDFD_SEND_SIGNAL(424, 424),
    PIDFD_OPEN(434, 434),
    CLOSE_RANGE(436, 436),
    OPEN_TREE(428, 428),
    MOVE_MOUNT(429, 429),
    OPENAT2(437, 437),
    MOUNT_SETATTR(442, 442);

    private static final boolean AARCH64 = "aarch64".equals(System.getProperty("os.arch"));

    private final long x8664;
    private final long aarch64;

    Syscall(long x8664, long aarch64) {
        this.x8664 = x8664;
        this.aarch64 = aarch64;
    }

    long number() {
        return AARCH64 ? aarch64 : x8664;
    }
}

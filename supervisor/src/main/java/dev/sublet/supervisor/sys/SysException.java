package dev.sublet.supervisor.sys;

/** A failed system call: the message names the call, its subject and the C library's error text. */
public final class SysException extends RuntimeException {

    private final int errno;

    public SysException(String call, int errno, String description) {
        super(call + ": " + description);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}

package dev.sublet.common;

/**
 * One line of a uid_map or gid_map: {@code size} ids starting at {@code containerId} inside the
 * namespace map to ids starting at {@code hostId} on the host. Host ids are always host-flat
 * (real host ids), so a line can be handed to newuidmap/newgidmap or written to /proc as it is.
 */
public record IdMapping(long containerId, long hostId, long size) {

    /** The kernel's id space is 32-bit and (uid_t)-1 is reserved. */
    public static final long MAX_ID = 4294967295L;

    public IdMapping {
        // Each bound first, so the sums below cannot overflow a long.
        if (containerId < 0 || hostId < 0 || size < 1
                || containerId > MAX_ID || hostId > MAX_ID || size > MAX_ID
                || containerId + size > MAX_ID || hostId + size > MAX_ID) {
            throw new IllegalArgumentException("invalid id mapping " + containerId + ":" + hostId + ":" + size);
        }
    }

    /** Parses the command-line form {@code CONTAINER:HOST:SIZE}. */
    public static IdMapping parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("id mapping '" + text + "' is not CONTAINER:HOST:SIZE");
        }
        try {
            return new IdMapping(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("id mapping '" + text + "' is not CONTAINER:HOST:SIZE of numbers");
        }
    }

    public long containerEnd() {
        return containerId + size;
    }

    public long hostEnd() {
        return hostId + size;
    }

    /** The command-line form, {@code C:H:N}. */
    public String toArg() {
        return containerId + ":" + hostId + ":" + size;
    }

    /** The /proc/PID/uid_map form, {@code C H N}. */
    public String toProcLine() {
        return containerId + " " + hostId + " " + size;
    }
}

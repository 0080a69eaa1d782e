package dev.sublet.supervisor.stage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How the supervisor and the stage talk. The stage inherits three fds at fixed numbers: the run
 * arguments (written by the supervisor, one NUL-terminated string each after a count), a sync pipe
 * (one byte once the id maps are written; EOF means "give up") and a report pipe on which the stage
 * answers {@code HOSTPID EXECFD\n}. EXECFD is the read end of a close-on-exec pipe inside the stage
 * that the supervisor opens through /proc: its EOF means the payload was exec'd, bytes on it are the
 * error that stopped the stage. (The inherited fds cannot carry that EOF, as unshare keeps copies.)
 */
public final class StageProtocol {

    public static final int SPEC_FD = 3;
    public static final int SYNC_FD = 4;
    public static final int REPORT_FD = 5;
    /** A socket on which, before the sync byte, the supervisor sends the detached idmapped volume mounts (SCM_RIGHTS). */
    public static final int IDMAP_FD = 6;
    public static final String MAIN_CLASS = "dev.sublet.supervisor.stage.StageMain";

    /** Exit statuses of the stage, as podman uses them. */
    public static final int EXIT_SETUP_FAILED = 125;
    public static final int EXIT_CANNOT_EXECUTE = 126;
    public static final int EXIT_NOT_FOUND = 127;

    private StageProtocol() {
    }

    public static byte[] encode(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeString(out, Integer.toString(args.size()));
        for (String arg : args) {
            if (arg.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("argument contains a NUL byte: " + arg.replace('\0', '?'));
            }
            writeString(out, arg);
        }
        return out.toByteArray();
    }

    public static List<String> decode(byte[] data) {
        List<String> strings = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == 0) {
                strings.add(new String(data, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (strings.isEmpty() || start != data.length) {
            throw new IllegalArgumentException("truncated run arguments from the supervisor");
        }
        int count = Integer.parseInt(strings.get(0));
        if (count != strings.size() - 1) {
            throw new IllegalArgumentException("expected " + count + " run arguments, got " + (strings.size() - 1));
        }
        return strings.subList(1, strings.size());
    }

    private static void writeString(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }
}

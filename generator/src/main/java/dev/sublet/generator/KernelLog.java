package dev.sublet.generator;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes generator messages to {@code /dev/kmsg}: generators run before the journal, and the kernel
 * ring buffer is where their messages survive (Quadlet does the same). One record per write, with
 * a syslog priority prefix. Any failure silently turns it off: logging must never break generation.
 */
final class KernelLog implements Closeable {

    static final int ERROR = 3;
    static final int WARNING = 4;
    static final int DEBUG = 7;

    private static final Path KMSG = Path.of("/dev/kmsg");

    private final String tag;
    private FileOutputStream out;

    private KernelLog(FileOutputStream out) {
        this.out = out;
        this.tag = "sublet-generator[" + ProcessHandle.current().pid() + "]: ";
    }

    /**
     * Opens /dev/kmsg only when systemd runs us (it sets SYSTEMD_* variables for generators and
     * gives them no terminal) and the device is writable; otherwise returns null.
     */
    static KernelLog openIfRunBySystemd(Map<String, String> env, boolean hasTerminal) {
        if (hasTerminal || !hasSystemdVariable(env) || !Files.isWritable(KMSG)) {
            return null;
        }
        try {
            return new KernelLog(new FileOutputStream(KMSG.toFile(), true));
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static boolean hasSystemdVariable(Map<String, String> env) {
        for (String name : env.keySet()) {
            if (name.startsWith("SYSTEMD_")) {
                return true;
            }
        }
        return false;
    }

    void write(int priority, String message) {
        if (out == null) {
            return;
        }
        try {
            out.write(("<" + priority + ">" + tag + message + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            close();
        }
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // Nothing left to report it to.
            }
            out = null;
        }
    }
}

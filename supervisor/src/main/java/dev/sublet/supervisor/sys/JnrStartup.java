package dev.sublet.supervisor.sys;

/**
 * jnr-ffi settings that must be in place before the first binding loads. Both JVMs of a container
 * start (the supervisor and the stage) make a few dozen native calls each, so generating bytecode
 * stubs with ASM costs more than it saves: with reflection-based invokers a whole `sublet run` of
 * /bin/true went from 1.63 s to 1.35 s (medians of 6, interleaved, same machine).
 */
public final class JnrStartup {

    private JnrStartup() {
    }

    /** Call first thing in main, before any class that touches jnr is loaded. */
    public static void configure() {
        if (System.getProperty("jnr.ffi.asm.enabled") == null) {
            System.setProperty("jnr.ffi.asm.enabled", "false");
        }
    }
}

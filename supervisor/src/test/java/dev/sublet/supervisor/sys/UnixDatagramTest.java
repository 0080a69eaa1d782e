package dev.sublet.supervisor.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The raw datagram calls sd_notify rests on, against a socket bound here. */
class UnixDatagramTest {

    @TempDir
    Path temp;

    @Test
    void aDatagramReachesAPathSocket() {
        assertEquals("READY=1\nMAINPID=42", roundTrip(temp.resolve("notify").toString(), "READY=1\nMAINPID=42"));
    }

    @Test
    void aDatagramReachesAnAbstractSocket() {
        assertEquals("STOPPING=1", roundTrip("@sublet-test-" + ProcessHandle.current().pid(), "STOPPING=1"));
    }

    private static String roundTrip(String name, String message) {
        int receiver = Linux.unixDatagramSocket();
        int sender = Linux.unixDatagramSocket();
        try {
            Linux.bindUnix(receiver, name);
            Linux.sendTo(sender, message.getBytes(StandardCharsets.UTF_8), name);
            byte[] buffer = new byte[256];
            return new String(buffer, 0, Linux.receive(receiver, buffer), StandardCharsets.UTF_8);
        } finally {
            Linux.close(sender);
            Linux.close(receiver);
        }
    }
}

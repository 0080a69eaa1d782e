package dev.sublet.supervisor.sys;

import static dev.sublet.supervisor.sys.CFunction.Arg.BYTES;
import static dev.sublet.supervisor.sys.CFunction.Arg.INT;
import static dev.sublet.supervisor.sys.CFunction.Arg.LONG;
import static dev.sublet.supervisor.sys.CFunction.Arg.STRING;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kenai.jffi.MemoryIO;
import dev.sublet.supervisor.sys.CFunction.Returns;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The marshalling of {@link CFunction}: each kind of argument reaches C, and what C writes comes back. */
class CFunctionTest {

    @Test
    void passesStringsAsNulTerminatedUtf8() {
        CFunction strlen = CFunction.bind("strlen", Returns.LONG, STRING);
        assertEquals(0, strlen.call(""));
        assertEquals("grüße".getBytes(StandardCharsets.UTF_8).length, strlen.call("grüße"));
    }

    @Test
    void returnsIntsAndTheirErrno() {
        assertEquals(ProcessHandle.current().pid(), Linux.getpid());
        CFunction close = CFunction.bind("close", Returns.INT, INT);
        assertEquals(-1, close.call(-1));
        assertEquals(9, CFunction.lastErrno()); // EBADF
    }

    @Test
    void copiesByteArraysBackFromC() {
        int[] pipe = Linux.pipe(3);
        try {
            Linux.writeFully(pipe[1], "abc".getBytes(StandardCharsets.US_ASCII));
            CFunction read = CFunction.bind("read", Returns.LONG, INT, BYTES, LONG);
            byte[] buffer = new byte[8];
            assertEquals(3, read.call(pipe[0], buffer, (long) buffer.length));
            assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOf(buffer, 3));
        } finally {
            Linux.close(pipe[0]);
            Linux.close(pipe[1]);
        }
    }

    @Test
    void laysOutStringArraysAsNullTerminatedPointerArrays() {
        MemoryIO memory = MemoryIO.getInstance();
        long block = CFunction.stringArray(new String[] {"-c", "", "é"});
        try {
            assertEquals("-c", CFunction.string(memory.getAddress(block)));
            assertEquals("", CFunction.string(memory.getAddress(block + 8)));
            assertEquals("é", CFunction.string(memory.getAddress(block + 16)));
            assertEquals(0, memory.getAddress(block + 24));
        } finally {
            memory.freeMemory(block);
        }
    }

    @Test
    void refusesAWrongNumberOfArguments() {
        CFunction strlen = CFunction.bind("strlen", Returns.LONG, STRING);
        assertThrows(IllegalArgumentException.class, () -> strlen.call("a", "b"));
    }

    @Test
    void namesAMissingSymbol() {
        UnsatisfiedLinkError error = assertThrows(UnsatisfiedLinkError.class,
                () -> CFunction.bind("no_such_function_in_libc", Returns.INT));
        assertTrue(error.getMessage().contains("no_such_function_in_libc"), error.getMessage());
    }
}

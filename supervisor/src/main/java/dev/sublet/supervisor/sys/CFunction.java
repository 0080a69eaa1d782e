package dev.sublet.supervisor.sys;

import com.kenai.jffi.ArrayFlags;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Function;
import com.kenai.jffi.HeapInvocationBuffer;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;
import java.nio.charset.StandardCharsets;

/**
 * One C library function, called through jffi, the native core of jnr-ffi. jnr-ffi's own binding
 * layer (interface proxies, type mappers, annotation parsing) took about 60 ms of every JVM start
 * before the first call, and every container start runs two JVMs; a call here is a symbol lookup
 * and a libffi call interface made once, then one marshalling loop (docs/design-notes.md).
 *
 * <p>errno is saved by jffi right after each call and read with {@link #lastErrno()} on the same thread.
 */
final class CFunction {

    /** How a Java argument is passed. Arrays are copied in and back out, as jnr-ffi did by default. */
    enum Arg {
        INT(Type.SINT),
        LONG(Type.SLONG),
        /** A {@code long} that is already a native address (or 0 for NULL). */
        ADDRESS(Type.POINTER),
        /** A {@code String} as a NUL-terminated UTF-8 {@code const char *}, or NULL. */
        STRING(Type.POINTER),
        BYTES(Type.POINTER),
        INTS(Type.POINTER),
        LONGS(Type.POINTER),
        /** A {@code String[]} as a NULL-terminated {@code char *const []} (argv, envp). */
        STRINGS(Type.POINTER);

        final Type type;

        Arg(Type type) {
            this.type = type;
        }
    }

    /** What the function returns; {@link #call} widens it to a long. */
    enum Returns {
        INT, LONG, ADDRESS
    }

    private static final Library PROCESS = Library.getDefault();
    private static final int IN_OUT = ArrayFlags.IN | ArrayFlags.OUT;

    private final Function function;
    private final Returns returns;
    private final Arg[] args;

    private CFunction(String name, Returns returns, Arg... args) {
        long address = PROCESS.getSymbolAddress(name);
        if (address == 0) {
            throw new UnsatisfiedLinkError("the C library has no " + name + ": " + Library.getLastError());
        }
        Type[] types = new Type[args.length];
        for (int i = 0; i < args.length; i++) {
            types[i] = args[i].type;
        }
        Type returnType = returns == Returns.INT ? Type.SINT : returns == Returns.LONG ? Type.SLONG : Type.POINTER;
        this.function = new Function(address, returnType, types, CallingConvention.DEFAULT, true);
        this.returns = returns;
        this.args = args;
    }

    static CFunction bind(String name, Returns returns, Arg... args) {
        return new CFunction(name, returns, args);
    }

    long call(Object... values) {
        if (values.length != args.length) {
            throw new IllegalArgumentException("wrong number of arguments for a C function: " + values.length);
        }
        HeapInvocationBuffer buffer = new HeapInvocationBuffer(function);
        long[] blocks = new long[args.length];
        try {
            for (int i = 0; i < args.length; i++) {
                blocks[i] = put(buffer, args[i], values[i]);
            }
            Invoker invoker = Invoker.getInstance();
            switch (returns) {
                case INT:
                    return invoker.invokeInt(function, buffer);
                case LONG:
                    return invoker.invokeLong(function, buffer);
                default:
                    return invoker.invokeAddress(function, buffer);
            }
        } finally {
            for (long block : blocks) {
                if (block != 0) {
                    MemoryIO.getInstance().freeMemory(block);
                }
            }
        }
    }

    /** The errno the last call on this thread saved. */
    static int lastErrno() {
        return LastError.getInstance().get();
    }

    /** The NUL-terminated string at a native address (as returned by strerror). */
    static String string(long address) {
        return address == 0 ? "" : new String(MemoryIO.getInstance().getZeroTerminatedByteArray(address),
                StandardCharsets.UTF_8);
    }

    /** Puts one argument; returns a native block to free after the call, or 0. */
    private static long put(HeapInvocationBuffer buffer, Arg arg, Object value) {
        switch (arg) {
            case INT:
                buffer.putInt((Integer) value);
                return 0;
            case LONG:
                buffer.putLong((Long) value);
                return 0;
            case ADDRESS:
                buffer.putAddress((Long) value);
                return 0;
            case STRING:
                if (value == null) {
                    buffer.putAddress(0);
                } else {
                    byte[] bytes = ((String) value).getBytes(StandardCharsets.UTF_8);
                    buffer.putArray(bytes, 0, bytes.length, ArrayFlags.IN | ArrayFlags.NULTERMINATE);
                }
                return 0;
            case BYTES:
                byte[] bytes = (byte[]) value;
                buffer.putArray(bytes, 0, bytes.length, IN_OUT);
                return 0;
            case INTS:
                int[] ints = (int[]) value;
                buffer.putArray(ints, 0, ints.length, IN_OUT);
                return 0;
            case LONGS:
                long[] longs = (long[]) value;
                buffer.putArray(longs, 0, longs.length, IN_OUT);
                return 0;
            default:
                long block = stringArray((String[]) value);
                buffer.putAddress(block);
                return block;
        }
    }

    /** One native block: the pointer array (NULL-terminated), then the strings it points to. */
    static long stringArray(String[] strings) {
        byte[][] encoded = new byte[strings.length][];
        long size = 8L * (strings.length + 1);
        for (int i = 0; i < strings.length; i++) {
            encoded[i] = strings[i].getBytes(StandardCharsets.UTF_8);
            size += encoded[i].length + 1;
        }
        MemoryIO memory = MemoryIO.getInstance();
        long block = memory.allocateMemory(size, true);
        if (block == 0) {
            throw new OutOfMemoryError("cannot allocate " + size + " bytes of native memory");
        }
        long next = block + 8L * (strings.length + 1);
        for (int i = 0; i < strings.length; i++) {
            memory.putAddress(block + 8L * i, next);
            memory.putByteArray(next, encoded[i], 0, encoded[i].length);
            next += encoded[i].length + 1; // the block was cleared: the NUL is there
        }
        return block;
    }
}

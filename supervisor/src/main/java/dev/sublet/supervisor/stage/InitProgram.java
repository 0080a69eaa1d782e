package dev.sublet.supervisor.stage;

import dev.sublet.supervisor.sys.Linux;
import dev.sublet.supervisor.sys.SysException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The host's catatonit, run as PID 1 with {@code --init} (as Podman does): it forwards signals to the
 * payload and reaps zombies. It is bound into the container, whose rootfs has not the host's shared
 * libraries, so it must be statically linked.
 */
final class InitProgram {

    static final String HOST_PATH = "/usr/bin/catatonit";
    /** On the container's /dev tmpfs: always there and writable, whatever the rootfs allows. */
    static final String CONTAINER_PATH = "/dev/init";

    private static final int PT_INTERP = 3;

    private InitProgram() {
    }

    /** An O_PATH fd on the host's static catatonit, checked through that very fd. */
    static int open() {
        int fd;
        try {
            fd = Linux.open(HOST_PATH, Linux.O_PATH, 0);
        } catch (SysException e) {
            throw new StageFailure("--init needs " + HOST_PATH + ": " + e.getMessage() + "; install the package catatonit");
        }
        try {
            if (!isStatic(Path.of(RootedPaths.procPath(fd)))) {
                throw new StageFailure("--init needs a statically linked " + HOST_PATH
                        + " (it runs inside the container, without the host's libraries); install Debian's package catatonit");
            }
            return fd;
        } catch (RuntimeException e) {
            Linux.close(fd);
            throw e;
        }
    }

    /** An ELF file without a PT_INTERP program header needs no dynamic loader. */
    static boolean isStatic(Path file) {
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(header, 0);
            if (header.getInt(0) != 0x464c457f || header.get(4) != 2) { // "\177ELF", 64-bit
                throw new StageFailure(HOST_PATH + " is not a 64-bit ELF executable");
            }
            if (header.get(5) != 1) {
                header.order(ByteOrder.BIG_ENDIAN);
            }
            long programHeaders = header.getLong(32);
            int entrySize = Short.toUnsignedInt(header.getShort(54));
            int entries = Short.toUnsignedInt(header.getShort(56));
            ByteBuffer type = ByteBuffer.allocate(4).order(header.order());
            for (int i = 0; i < entries; i++) {
                type.clear();
                channel.read(type, programHeaders + (long) i * entrySize);
                if (type.getInt(0) == PT_INTERP) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new StageFailure("cannot read " + HOST_PATH + ": " + e.getMessage());
        }
    }
}

package dev.sublet.generator.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces files and symbolic links atomically: the new one is made under a random hidden name in
 * the same directory and renamed over the old, so systemd never reads a half-written unit. The
 * rename replaces the name itself and never writes through an existing link. There is no fsync:
 * generator output lives on /run (tmpfs), which a crash erases anyway, and a thousand syncs on a
 * disk-backed directory cost seconds.
 */
final class AtomicFiles {

    private static final Set<PosixFilePermission> UNIT_FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");
    /** What Files.createTempFile would give: private until complete, whatever the umask. */
    private static final FileAttribute<Set<PosixFilePermission>> TEMPORARY_FILE_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final Set<StandardOpenOption> CREATE_NEW_FOR_WRITING =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final int ATTEMPTS = 100;

    private AtomicFiles() {
    }

    /**
     * Not through Files.createTempFile: its SecureRandom initialises the security providers, which
     * costs every daemon-reload that writes a unit about 10 ms (docs/design-notes.md, "Start-up").
     */
    static void writeString(Path target, String text) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Path temp = temporarySibling(target);
            FileChannel channel;
            try {
                channel = FileChannel.open(temp, CREATE_NEW_FOR_WRITING, TEMPORARY_FILE_MODE);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            try {
                try (channel) {
                    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                }
                Files.setPosixFilePermissions(temp, UNIT_FILE_MODE);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
            return;
        }
        throw new IOException("cannot find a free temporary name next to " + target);
    }

    static void symlink(Path link, String target) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Path temp = temporarySibling(link);
            try {
                Files.createSymbolicLink(temp, Path.of(target));
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            try {
                Files.move(temp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
            return;
        }
        throw new IOException("cannot find a free temporary name next to " + link);
    }

    /** A hidden name next to {@code path} that is most likely free: {@code .NAME.RANDOM.tmp}. */
    private static Path temporarySibling(Path path) {
        return path.resolveSibling("." + path.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    }
}

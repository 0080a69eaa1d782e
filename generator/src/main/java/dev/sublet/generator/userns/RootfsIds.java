package dev.sublet.generator.userns;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The users and groups of a rootfs's /etc/passwd and /etc/group, read to size {@code auto}
 * namespaces and resolve names. The rootfs belongs to whoever built it, so symbolic links are not
 * followed (an {@code /etc/passwd -> /host/file} link must not make us read host files) and the
 * files are read only up to a size limit.
 */
final class RootfsIds {

    /** nobody/nogroup: images list it, but sizing a namespace to 65535 ids for it would waste them. */
    static final long OVERFLOW_ID = 65534;
    private static final long MAX_BYTES = 8 << 20;

    private final Map<String, Long> users;
    private final Map<String, Long> groups;

    private RootfsIds(Map<String, Long> users, Map<String, Long> groups) {
        this.users = users;
        this.groups = groups;
    }

    static RootfsIds none() {
        return new RootfsIds(Map.of(), Map.of());
    }

    static RootfsIds read(Path rootfs, Consumer<String> warnings) {
        if (rootfs == null) {
            return none();
        }
        Path etc = rootfs.resolve("etc");
        if (Files.isSymbolicLink(etc)) {
            warnings.accept(etc + ": is a symbolic link; not following it to read users and groups");
            return none();
        }
        return new RootfsIds(readIds(etc.resolve("passwd"), warnings), readIds(etc.resolve("group"), warnings));
    }

    /** NAME:PASSWORD:ID:... lines; the id is the third field in both files. */
    private static Map<String, Long> readIds(Path file, Consumer<String> warnings) {
        Map<String, Long> ids = new HashMap<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                InputStream in = Channels.newInputStream(channel)) {
            byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                warnings.accept(file + ": larger than " + MAX_BYTES + " bytes; ignored");
                return ids;
            }
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                String[] fields = line.split(":", -1);
                if (fields.length >= 3 && !fields[0].isEmpty() && !fields[0].startsWith("#")) {
                    try {
                        ids.putIfAbsent(fields[0], Long.parseLong(fields[2].strip()));
                    } catch (NumberFormatException e) {
                        // a line we cannot use for sizing; the supervisor's lookup will judge it
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return ids;
        } catch (IOException e) {
            warnings.accept(file + ": cannot read (" + e.getMessage() + "); sizing without it");
        }
        return ids;
    }

    /** Highest user or group id, nobody/nogroup ignored; -1 if none. */
    long maxId() {
        long max = -1;
        for (Map<String, Long> ids : List.of(users, groups)) {
            for (long id : ids.values()) {
                if (id != OVERFLOW_ID && id > max) {
                    max = id;
                }
            }
        }
        return max;
    }

    /** A numeric user, or a name looked up in /etc/passwd. */
    OptionalLong uid(String user) {
        return lookup(users, user);
    }

    OptionalLong gid(String group) {
        return lookup(groups, group);
    }

    boolean hasUser(String name, long uid) {
        return users.containsKey(name) || users.containsValue(uid);
    }

    boolean hasGroup(String name, long gid) {
        return groups.containsKey(name) || groups.containsValue(gid);
    }

    private static OptionalLong lookup(Map<String, Long> ids, String nameOrNumber) {
        if (nameOrNumber == null || nameOrNumber.isEmpty()) {
            return OptionalLong.empty();
        }
        if (nameOrNumber.chars().allMatch(Character::isDigit) && nameOrNumber.length() <= 10) {
            return OptionalLong.of(Long.parseLong(nameOrNumber));
        }
        Long id = ids.get(nameOrNumber);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }
}

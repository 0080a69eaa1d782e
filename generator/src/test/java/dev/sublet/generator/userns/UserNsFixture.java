package dev.sublet.generator.userns;

import dev.sublet.common.IdMapping;
import dev.sublet.generator.GeneratorContext;
import dev.sublet.generator.unit.Entry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A fake user (alice, uid 1000) with subuid/subgid files, a state dir and a unit file location in a temp dir. */
final class UserNsFixture {

    static final Path UNIT = Path.of("/units/web.container");

    final Path dir;
    final List<String> warnings = new ArrayList<>();
    boolean systemMode;

    UserNsFixture(Path dir) {
        this.dir = dir;
        subIds("alice:100000:65536\n");
    }

    /** Writes the same content to /etc/subuid and /etc/subgid. */
    UserNsFixture subIds(String content) {
        write("subuid", content);
        write("subgid", content);
        return this;
    }

    UserNsFixture write(String name, String content) {
        try {
            Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    GeneratorContext context() {
        return new GeneratorContext(systemMode, systemMode ? 0 : 1000, systemMode ? 0 : 1000,
                systemMode ? "root" : "alice", Path.of(systemMode ? "/root" : "/home/alice"),
                dir.resolve("subuid"), dir.resolve("subgid"), dir.resolve("state"),
                "/usr/bin/sublet", Map.of());
    }

    DefaultUserNsResolver resolver() {
        return new DefaultUserNsResolver(context(), warnings::add);
    }

    static Entry entry(String key, String value) {
        return new Entry(key, value, UNIT, 7);
    }

    static UserNsRequest userNs(String value) {
        return request("web.service", value == null ? null : entry("UserNS", value), List.of(), List.of(),
                null, null, null, null, null);
    }

    static UserNsRequest request(String service, Entry userNs, List<Entry> uidMaps, List<Entry> gidMaps,
            Entry subUid, Entry subGid, Entry user, Entry group, Path rootfs) {
        return new UserNsRequest(service, userNs, uidMaps, gidMaps, subUid, subGid, user, group, rootfs);
    }

    static List<String> lines(List<IdMapping> maps) {
        return maps.stream().map(IdMapping::toProcLine).toList();
    }

    /** A rootfs whose /etc/passwd and /etc/group hold the given lines. */
    Path rootfs(String passwd, String group) {
        try {
            Path rootfs = Files.createDirectories(dir.resolve("rootfs-" + System.nanoTime()));
            Files.createDirectories(rootfs.resolve("etc"));
            Files.writeString(rootfs.resolve("etc/passwd"), passwd);
            Files.writeString(rootfs.resolve("etc/group"), group);
            return rootfs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

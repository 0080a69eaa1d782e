package dev.sublet.generator.userns;

import dev.sublet.generator.unit.Entry;
import java.nio.file.Path;
import java.util.List;

/**
 * The user-namespace settings of one unit, as entries so errors can name file, line and key.
 * Single-valued keys are the last assignment or null; list keys after systemd's reset rule.
 *
 * @param serviceName key of an {@code auto} allocation, e.g. {@code web.service}
 * @param rootfs      the container's rootfs (its /etc/passwd and /etc/group size {@code auto} and
 *                    resolve user names); may be null
 */
public record UserNsRequest(
        String serviceName,
        Entry userNs,
        List<Entry> uidMaps,
        List<Entry> gidMaps,
        Entry subUidMap,
        Entry subGidMap,
        Entry user,
        Entry group,
        Path rootfs) {
}

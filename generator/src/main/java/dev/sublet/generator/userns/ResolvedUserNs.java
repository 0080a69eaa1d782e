package dev.sublet.generator.userns;

import dev.sublet.common.IdMapping;
import java.util.List;

/**
 * Concrete, host-flat maps plus the identity the payload runs as.
 *
 * @param user          value for {@code sublet run --user} (null: root of the container)
 * @param group         value for {@code --group} (null: the user's primary group)
 * @param passwdEntries lines the supervisor adds to the container's /etc/passwd (keep-id)
 * @param groupEntries  lines it adds to /etc/group
 */
public record ResolvedUserNs(
        List<IdMapping> uidMaps,
        List<IdMapping> gidMaps,
        String user,
        String group,
        List<String> passwdEntries,
        List<String> groupEntries) {
}

package dev.sublet.generator;

import java.nio.file.Path;
import java.util.Map;

/**
 * Who the generator runs for and where it reads and keeps things. Built from the environment in
 * production; tests build it directly (or through the SUBLET_* overrides) so they need no real user.
 *
 * @param systemMode      true for the system generator (root, /etc/containers/systemd, the
 *                        {@code containers} subordinate range), false for a user's manager
 * @param uid             the user the units run as
 * @param gid             that user's primary group
 * @param userName        that user's name (looked up in /etc/subuid by name and by number)
 * @param home            that user's home directory
 * @param subuidFile      normally /etc/subuid
 * @param subgidFile      normally /etc/subgid
 * @param stateDir        where id allocations are kept ($XDG_STATE_HOME/sublet, /var/lib/sublet for root)
 * @param subletExecutable absolute path of the {@code sublet} launcher written into ExecStart=
 * @param environment     the process environment (XDG_* lookups, unit dirs)
 */
public record GeneratorContext(
        boolean systemMode,
        long uid,
        long gid,
        String userName,
        Path home,
        Path subuidFile,
        Path subgidFile,
        Path stateDir,
        String subletExecutable,
        Map<String, String> environment) {
}

package dev.sublet.generator.container;

import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFileException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which [Container] keys sublet understands, which Quadlet keys it does not (yet), and which only
 * make sense with Podman. A unit with a key sublet would silently ignore is rejected instead: the
 * user asked for something the container would not get.
 */
final class ContainerKeys {

    /** Keys this package translates, plus ServiceName= (which the generator reads to name the service). */
    static final Set<String> SUPPORTED = Set.of(
            "ContainerName", "Rootfs", "Image", "Exec", "Entrypoint",
            "User", "Group", "UserNS", "UIDMap", "GIDMap", "SubUIDMap", "SubGIDMap",
            "Volume", "Mount", "Tmpfs",
            "Environment", "EnvironmentFile", "EnvironmentHost", "WorkingDir", "HostName", "Network",
            "AddCapability", "DropCapability", "NoNewPrivileges", "ReadOnly", "ReadOnlyTmpfs",
            "Notify", "StopSignal", "StopTimeout", "Timezone", "Ulimit", "Annotation", "Label", "RunInit",
            "ServiceName");

    /** Keys about Podman itself (its command line, configuration, image store, pods, logging). */
    static final Set<String> PODMAN_ONLY = Set.of(
            "PodmanArgs", "GlobalArgs", "ContainersConfModule", "Pod", "StartWithPod", "AutoUpdate", "Pull",
            "LogDriver", "LogOpt", "CgroupsMode", "Secret",
            "RemapUsers", "RemapUid", "RemapGid", "RemapUidSize");

    /** Quadlet [Container] keys sublet does not implement (Podman 5.x, including later additions). */
    static final Set<String> UNSUPPORTED = Set.of(
            "AddDevice", "AddHost", "DNS", "DNSOption", "DNSSearch", "ExposeHostPort", "GroupAdd",
            "HealthCmd", "HealthInterval", "HealthOnFailure", "HealthLogDestination", "HealthMaxLogCount",
            "HealthMaxLogSize", "HealthRetries", "HealthStartPeriod", "HealthStartupCmd",
            "HealthStartupInterval", "HealthStartupRetries", "HealthStartupSuccess", "HealthStartupTimeout",
            "HealthTimeout", "IP", "IP6", "Mask", "Unmask", "NetworkAlias", "PidsLimit", "PublishPort",
            "SeccompProfile", "SecurityLabelDisable", "SecurityLabelFileType", "SecurityLabelLevel",
            "SecurityLabelNested", "SecurityLabelType", "ShmSize", "Sysctl", "VolatileTmp",
            "Memory", "ReloadCmd", "ReloadSignal", "Retry", "RetryDelay", "HttpProxy");

    /** What to do instead, where there is something better to say than "remove it". */
    private static final Map<String, String> HINTS = Map.of(
            "VolatileTmp", "use Tmpfs=/tmp",
            "PublishPort", "sublet supports Network=host (the container uses the host's ports) and Network=none",
            "ExposeHostPort", "sublet supports Network=host (the container uses the host's ports) and Network=none",
            "Memory", "set MemoryMax= in [Service]; systemd enforces it for the whole service",
            "PidsLimit", "set TasksMax= in [Service]; systemd enforces it for the whole service",
            "ReloadSignal", "set ExecReload=/bin/kill -s SIGNAL $MAINPID in [Service]",
            "Retry", "set Restart= and RestartSec= in [Service]",
            "RetryDelay", "set Restart= and RestartSec= in [Service]");

    private ContainerKeys() {
    }

    /** Rejects the first key of the group that sublet would not honour. */
    static void check(ContainerGroup group) throws UnitFileException {
        for (Entry entry : group.entries()) {
            String key = entry.key();
            if (SUPPORTED.contains(key)) {
                continue;
            }
            if (PODMAN_ONLY.contains(key)) {
                throw new UnitFileException(entry, "sublet is not Podman: " + key
                        + "= configures Podman itself and has no meaning for sublet; remove it"
                        + " (or run this unit with Podman's Quadlet)");
            }
            if (UNSUPPORTED.contains(key)) {
                throw new UnitFileException(entry, "unsupported key '" + key + "' in group 'Container': "
                        + HINTS.getOrDefault(key, "sublet does not implement it; remove it")
                        + " (sublet.container(5) lists the supported keys)");
            }
            throw new UnitFileException(entry, "unknown key '" + key + "' in group 'Container': "
                    + suggestion(key) + " (keys are case-sensitive; sublet.container(5) lists them)");
        }
    }

    private static String suggestion(String key) {
        Set<String> known = new TreeSet<>(SUPPORTED);
        known.addAll(PODMAN_ONLY);
        known.addAll(UNSUPPORTED);
        return known.stream()
                .filter(k -> k.equalsIgnoreCase(key))
                .findFirst()
                .map(k -> "did you mean '" + k + "'?")
                .orElse("neither sublet nor Quadlet knows it; check the spelling");
    }
}

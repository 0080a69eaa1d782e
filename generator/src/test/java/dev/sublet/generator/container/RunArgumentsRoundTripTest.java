package dev.sublet.generator.container;

import static dev.sublet.generator.container.TestUnits.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.sublet.common.IdMapping;
import dev.sublet.common.RunArguments;
import dev.sublet.common.RunSpec;
import dev.sublet.generator.unit.UnitFileException;
import dev.sublet.generator.userns.ResolvedUserNs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generator's output survives the contract: translate → {@link RunArguments#format} →
 * {@link RunArguments#parse} gives the supervisor exactly the settings the unit asked for.
 */
class RunArgumentsRoundTripTest {

    @Test
    void everySettingSurvivesFormatAndParse() throws UnitFileException {
        TestUnits units = new TestUnits();
        units.resolver.answer = new ResolvedUserNs(
                List.of(new IdMapping(0, 100000, 1000), new IdMapping(1000, 1000, 1)),
                List.of(new IdMapping(0, 100000, 1000), new IdMapping(1000, 1000, 1)),
                "1000", "1000", List.of("alice:x:1000:1000::/home/alice:/bin/sh"), List.of("alice:x:1000:"));
        RunSpec spec = units.translate(unit(
                "ContainerName=web-1",
                "Rootfs=./rootfs",
                "Entrypoint=/bin/busybox",
                "Exec=sh -c 'echo \"hello world\" && exec httpd -f' --",
                "UserNS=keep-id",
                "Volume=/srv/data:/data:ro,U",
                "Volume=./conf:/etc/app:idmap",
                "Mount=type=tmpfs,destination=/cache,tmpfs-size=64m",
                "Tmpfs=/tmp:mode=1777",
                "Environment=GREETING='hello world' EMPTY=",
                "EnvironmentFile=/etc/web.env",
                "EnvironmentHost=yes",
                "WorkingDir=/var/www",
                "HostName=web-1",
                "Network=none",
                "AddCapability=net_bind_service",
                "DropCapability=all",
                "NoNewPrivileges=false",
                "ReadOnly=yes",
                "ReadOnlyTmpfs=no",
                "Notify=yes",
                "StopSignal=quit",
                "StopTimeout=42",
                "Timezone=Europe/Berlin",
                "Ulimit=nofile=1024:2048",
                "Label=app=web tier=front",
                "Annotation=org.example/owner=alice",
                "RunInit=yes")).spec();

        RunSpec parsed = RunArguments.parse(RunArguments.format(spec));

        Map<String, Object> sent = settings(spec);
        assertEquals(sent, settings(parsed));
        assertNotEquals(settings(new RunSpec()), sent);
        sent.forEach((name, value) -> assertNotEquals(settings(new RunSpec()).get(name), value,
                name + " still has its default, so the round trip would not test it"));
    }

    /** Every setting of a spec, by name, so a difference names the setting that drifted. */
    private static Map<String, Object> settings(RunSpec spec) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("name", spec.name());
        settings.put("unit", spec.unit());
        settings.put("rootfs", spec.rootfs());
        settings.put("uidMaps", List.copyOf(spec.uidMaps()));
        settings.put("gidMaps", List.copyOf(spec.gidMaps()));
        settings.put("user", spec.user());
        settings.put("group", spec.group());
        settings.put("passwdEntries", List.copyOf(spec.passwdEntries()));
        settings.put("groupEntries", List.copyOf(spec.groupEntries()));
        settings.put("volumes", List.copyOf(spec.volumes()));
        settings.put("tmpfs", List.copyOf(spec.tmpfs()));
        settings.put("environment", List.copyOf(spec.environment()));
        settings.put("environmentFiles", List.copyOf(spec.environmentFiles()));
        settings.put("environmentHost", spec.environmentHost());
        settings.put("workingDir", spec.workingDir());
        settings.put("hostName", spec.hostName());
        settings.put("network", spec.network());
        settings.put("addCapabilities", List.copyOf(spec.addCapabilities()));
        settings.put("dropCapabilities", List.copyOf(spec.dropCapabilities()));
        settings.put("noNewPrivileges", spec.noNewPrivileges());
        settings.put("readOnly", spec.readOnly());
        settings.put("readOnlyTmpfs", spec.readOnlyTmpfs());
        settings.put("stopSignal", spec.stopSignal());
        settings.put("stopTimeoutSeconds", spec.stopTimeoutSeconds());
        settings.put("timezone", spec.timezone());
        settings.put("ulimits", List.copyOf(spec.ulimits()));
        settings.put("labels", Map.copyOf(spec.labels()));
        settings.put("annotations", Map.copyOf(spec.annotations()));
        settings.put("init", spec.init());
        settings.put("notifyFromContainer", spec.notifyFromContainer());
        settings.put("command", List.copyOf(spec.command()));
        return settings;
    }
}

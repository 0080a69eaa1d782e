package dev.sublet.generator.container;

import static dev.sublet.generator.container.TestUnits.minimalWith;
import static dev.sublet.generator.container.TestUnits.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.generator.unit.UnitFile;
import dev.sublet.generator.unit.UnitFileException;
import dev.sublet.generator.userns.ResolvedUserNs;
import dev.sublet.generator.userns.UserNsRequest;
import dev.sublet.generator.userns.UserNsResolver;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad [Container] setting is a UnitFileException naming file, line and key, and saying what to do. */
class QuadletTranslatorErrorsTest {

    private final TestUnits units = new TestUnits();

    private UnitFileException error(UnitFile unit) {
        return assertThrows(UnitFileException.class, () -> units.translate(unit));
    }

    /** The bad line comes right after the two minimal lines, so it is line 4 of the file. */
    private String errorOnLine4(String line) {
        UnitFileException error = error(minimalWith(line));
        String key = line.substring(0, line.indexOf('='));
        assertEquals(TestUnits.FILE, error.file());
        assertEquals(4, error.line());
        assertEquals(key, error.key());
        assertTrue(error.getMessage().startsWith(TestUnits.FILE + ":4: " + key + ": "), error.getMessage());
        return error.problem();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PodmanArgs=--privileged", "GlobalArgs=--log-level=debug", "ContainersConfModule=/x.conf",
            "Pod=web.pod", "AutoUpdate=registry", "Pull=always", "LogDriver=journald", "Secret=token"})
    void podmanOnlyKeysSaySubletIsNotPodman(String line) {
        String problem = errorOnLine4(line);
        assertTrue(problem.startsWith("sublet is not Podman"), problem);
        assertTrue(problem.contains("remove it"), problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AddDevice=/dev/fuse", "PublishPort=8080:80", "HealthCmd=true", "Sysctl=a=b",
            "SecurityLabelDisable=true", "ShmSize=64m", "DNS=1.1.1.1"})
    void otherQuadletKeysAreUnsupported(String line) {
        String key = line.substring(0, line.indexOf('='));
        assertTrue(errorOnLine4(line).startsWith("unsupported key '" + key + "' in group 'Container'"));
    }

    @Test
    void unsupportedKeysWithABetterWayNameIt() {
        assertTrue(errorOnLine4("VolatileTmp=true").contains("use Tmpfs=/tmp"));
        assertTrue(errorOnLine4("PidsLimit=100").contains("TasksMax="));
    }

    @Test
    void unknownKeysAreUnknownAndMiscasedOnesGetASuggestion() {
        assertTrue(errorOnLine4("Frobnicate=yes").startsWith("unknown key 'Frobnicate' in group 'Container'"));
        assertTrue(errorOnLine4("exec=/bin/sh").contains("did you mean 'Exec'?"));
    }

    @Test
    void anEmptyAssignmentOfAPodmanKeyIsStillRejected() {
        assertTrue(errorOnLine4("PodmanArgs=").startsWith("sublet is not Podman"));
    }

    @Test
    void imageIsNotYetSupported() {
        UnitFileException error = error(unit("Image=docker.io/library/nginx", "Exec=nginx"));
        assertEquals(2, error.line());
        assertTrue(error.problem().startsWith("Image= is not yet supported by sublet; use Rootfs="), error.problem());
    }

    @Test
    void rootfsIsRequiredAndTheErrorNamesTheFile() {
        UnitFileException error = error(unit("Exec=/bin/sh"));
        assertEquals(TestUnits.FILE, error.file());
        assertTrue(error.problem().contains("needs Rootfs="), error.problem());
    }

    @Test
    void aCommandIsRequired() {
        assertTrue(error(unit("Rootfs=/r")).problem().contains("needs Exec= or Entrypoint="));
        assertTrue(error(unit("Rootfs=/r", "Exec=/bin/sh", "Exec=")).problem().contains("needs Exec= or Entrypoint="),
                "an empty Exec= resets the command");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Rootfs=/|the host's / cannot be a container's rootfs",
            "Rootfs=%i/root|starts with a specifier that is not a directory",
            "Exec=/bin/sh -c 'unterminated|unterminated single quote",
            "Exec=''|the executable is empty",
            "Entrypoint=[\"/bin/sh\" \"-c\"]|expected ',' or ']'",
            "Entrypoint=[\"/bin/sh\"] extra|text after the closing ']'",
            "Entrypoint=[]|the entrypoint is empty",
            "Entrypoint=[/bin/sh]|expected a string in double quotes",
            "ContainerName=-web|is not a valid container name",
            "ContainerName=web server|is not a valid container name",
            "ContainerName=web%%1|is not a valid container name",
            "HostName=web_1|is not a valid host name",
            "HostName=-web|is not a valid host name",
            "WorkingDir=var/www|must be an absolute path inside the container",
            "Network=pasta|sublet supports Network=host",
            "Network=web.network|sublet supports Network=host",
            "ReadOnly=maybe|'maybe' is not a boolean",
            "RunInit=2|'2' is not a boolean",
            "Notify=healthy|Notify=healthy is not supported",
            "AddCapability=CAP_FLY|unknown capability 'CAP_FLY'",
            "DropCapability=net_admin bogus|unknown capability 'bogus'",
            "StopSignal=SIGFOO|unknown signal 'SIGFOO'",
            "StopSignal=0|unknown signal '0'",
            "StopSignal=32|unknown signal '32'",
            "StopTimeout=10s|is not a whole number of seconds",
            "StopTimeout=-1|is not a whole number of seconds",
            "StopTimeout=99999999999|is not a whole number of seconds",
            "Timezone=../../etc/passwd|is not a time zone",
            "Ulimit=nofiles=10|is not TYPE=SOFT[:HARD] with a known type",
            "Ulimit=nofile=10:5|soft limit of 'nofile=10:5' is above its hard limit",
            "Ulimit=nofile=unlimited:5|is above its hard limit",
            "Ulimit=nofile=ten|limit 'ten' is not a number",
            "Ulimit=nofile=1:2:3|has more than SOFT:HARD",
            "Ulimit=host|Ulimit=host is not supported",
            "Group=www|Group= needs User=",
            "Environment=FOO|'FOO' is not KEY=VALUE",
            "Environment=A=1 =2|'=2' is not KEY=VALUE",
            "Label=novalue|'novalue' is not KEY=VALUE",
            "Annotation=a=\"b|unterminated double quote",
            "EnvironmentFile=%n.env|starts with a specifier that is not a directory",
            "EnvironmentHost=sometimes|is not a boolean"})
    void badValuesAreReportedAgainstTheirEntry(String line, String problem) {
        String message = errorOnLine4(line);
        assertTrue(message.contains(problem), message);
    }

    @Test
    void aServiceNameThatIsNoContainerNameAsksForContainerName() {
        UnitFileException error = assertThrows(UnitFileException.class,
                () -> units.translate(minimalWith(), "web\\x2dold.service"));
        assertTrue(error.problem().contains("set ContainerName="), error.problem());
    }

    @Test
    void aBrokenUnitNeverAsksTheResolverForIds() {
        error(minimalWith("UserNS=auto", "Volume=data:/data"));
        assertNull(units.resolver.request);
    }

    @Test
    void theResolversErrorsReachTheCallerUnchanged() {
        UnitFileException failure = new UnitFileException(TestUnits.FILE, 4, "UserNS", "not enough unused IDs");
        UserNsResolver failing = new UserNsResolver() {
            @Override
            public ResolvedUserNs resolve(UserNsRequest request) throws UnitFileException {
                throw failure;
            }

            @Override
            public void finish(Set<String> presentServiceNames) {
            }
        };
        QuadletTranslator translator = new QuadletTranslator(TestUnits.context(false, Map.of()), failing);
        assertSame(failure, assertThrows(UnitFileException.class,
                () -> translator.translate(minimalWith("UserNS=auto"), "web.service")));
    }
}

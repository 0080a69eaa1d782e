package dev.sublet.generator.container;

import static dev.sublet.generator.container.TestUnits.minimalWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.common.RunSpec;
import dev.sublet.common.TmpfsSpec;
import dev.sublet.common.VolumeSpec;
import dev.sublet.generator.GeneratorContext;
import dev.sublet.generator.unit.UnitFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Volume=, Mount= and Tmpfs=, and the RequiresMountsFor= they add. */
class VolumeAndMountTranslationTest {

    private final TestUnits units = new TestUnits();

    private RunSpec spec(String... lines) throws UnitFileException {
        return units.translate(minimalWith(lines)).spec();
    }

    private String error(String... lines) {
        return assertThrows(UnitFileException.class, () -> units.translate(minimalWith(lines))).getMessage();
    }

    @Test
    void volumeOptionsMapToTheSpec() throws UnitFileException {
        assertEquals(List.of(
                        new VolumeSpec("/srv/data", "/data", false, false, false),
                        new VolumeSpec("/srv/conf", "/etc/app", true, true, false),
                        new VolumeSpec("/srv/share", "/share", false, false, true),
                        new VolumeSpec("/srv/rw", "/rw", false, false, false)),
                spec("Volume=/srv/data:/data", "Volume=/srv/conf:/etc/app:ro,U", "Volume=/srv/share:/share:idmap",
                        "Volume=/srv/rw:/rw:ro,rw").volumes());
    }

    @Test
    void dotSourcesResolveAgainstTheUnitFilesDirectory() throws UnitFileException {
        assertEquals(TestUnits.UNIT_DIRECTORY.resolve("data").toString(),
                spec("Volume=./data:/data").volumes().get(0).source());
        assertEquals(TestUnits.UNIT_DIRECTORY.getParent().resolve("shared").toString(),
                spec("Volume=../shared:/shared").volumes().get(0).source());
    }

    @ParameterizedTest
    @CsvSource({"%h/data, /home/alice/data", "%t/sock, /run/user/1000/sock", "%S/web, /home/alice/.local/state/web",
            "%C/web, /home/alice/.cache/web", "%E/web, /home/alice/.config/web", "%L/web, /home/alice/.local/state/log/web",
            "%T/x, /tmp/x", "%V/x, /var/tmp/x", "/srv/%i, /srv/%i"})
    void leadingDirectorySpecifiersResolveForTheUserManager(String source, String resolved) throws UnitFileException {
        assertEquals(resolved, spec("Volume=" + source + ":/data").volumes().get(0).source());
    }

    @ParameterizedTest
    @CsvSource({"%h/data, /root/data", "%t/sock, /run/sock", "%S/web, /var/lib/web", "%C/web, /var/cache/web",
            "%E/web, /etc/web", "%L/web, /var/log/web"})
    void leadingDirectorySpecifiersResolveForTheSystemManager(String source, String resolved) throws UnitFileException {
        TestUnits system = new TestUnits(new GeneratorContext(true, 0, 0, "root", Path.of("/root"),
                Path.of("/etc/subuid"), Path.of("/etc/subgid"), Path.of("/var/lib/sublet"), "/usr/bin/sublet", Map.of()));
        assertEquals(resolved, system.translate(minimalWith("Volume=" + source + ":/data")).spec().volumes().get(0).source());
    }

    @Test
    void xdgVariablesOverrideTheUserDefaults() throws UnitFileException {
        TestUnits xdg = new TestUnits(TestUnits.context(false, Map.of("XDG_STATE_HOME", "/state",
                "XDG_CONFIG_HOME", "relative/is/ignored", "TMPDIR", "/scratch")));
        RunSpec spec = xdg.translate(minimalWith("Volume=%S/a:/a", "Volume=%E/b:/b", "Volume=%T/c:/c")).spec();
        assertEquals(List.of("/state/a", "/home/alice/.config/b", "/scratch/c"),
                spec.volumes().stream().map(VolumeSpec::source).toList());
    }

    @Test
    void everyHostSourceAndTheRootfsAreRequiredMountsOnce() throws UnitFileException {
        Translation translation = units.translate(minimalWith("Volume=/srv/data:/data", "Volume=./conf:/conf",
                "Volume=/srv/data:/again", "Mount=type=bind,src=/mnt/media,dst=/media", "Tmpfs=/tmp"));
        assertEquals(List.of("/srv/web", "/srv/data", TestUnits.UNIT_DIRECTORY.resolve("conf").toString(),
                "/mnt/media"), translation.requiresMountsFor());
    }

    @Test
    void selinuxRelabelOptionsAreIgnoredWithANote() throws UnitFileException {
        RunSpec spec = spec("Volume=/srv/data:/data:Z,ro");
        assertEquals(new VolumeSpec("/srv/data", "/data", true, false, false), spec.volumes().get(0));
        assertEquals(1, units.notes.size());
        assertTrue(units.notes.get(0).startsWith(TestUnits.FILE + ":4: Volume: note:"), units.notes.get(0));
        assertTrue(units.notes.get(0).contains("'Z' ignored"), units.notes.get(0));
    }

    @Test
    void bindMountsUseEveryPodmanSpelling() throws UnitFileException {
        RunSpec spec = spec("Mount=type=bind,source=/a,destination=/x type=bind,src=/b,dst=/y,ro",
                "Mount=type=bind,src=./c,target=/z,readonly=true,U=true,idmap",
                "Mount=type=bind,src=/d,dst=/w,ro=false,chown");
        assertEquals(List.of(
                new VolumeSpec("/a", "/x", false, false, false),
                new VolumeSpec("/b", "/y", true, false, false),
                new VolumeSpec(TestUnits.UNIT_DIRECTORY.resolve("c").toString(), "/z", true, true, true),
                new VolumeSpec("/d", "/w", false, true, false)), spec.volumes());
    }

    /** As in Quadlet, the line is unquoted first (systemd rules), then each word is read as CSV. */
    @Test
    void mountFieldsMayBeCsvQuotedToHoldCommas() throws UnitFileException {
        assertEquals("/srv/a,b", spec("Mount='type=bind,\"src=/srv/a,b\",dst=/x'").volumes().get(0).source());
    }

    @Test
    void tmpfsMountsBecomeTmpfsSpecs() throws UnitFileException {
        assertEquals(List.of(new TmpfsSpec("/cache", "size=64m,mode=1777"), new TmpfsSpec("/ro", "ro")),
                spec("Mount=type=tmpfs,destination=/cache,tmpfs-size=64m,tmpfs-mode=1777",
                        "Mount=type=tmpfs,dst=/ro,readonly").tmpfs());
    }

    @Test
    void tmpfsKeyTakesADestinationAndMountOptions() throws UnitFileException {
        assertEquals(List.of(new TmpfsSpec("/tmp", ""), new TmpfsSpec("/run", "rw,size=10%,mode=755,noexec,uid=0")),
                spec("Tmpfs=/tmp", "Tmpfs=/run:rw,size=10%,mode=755,noexec,uid=0").tmpfs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Volume=data:/data", "Volume=web.volume:/data", "Mount=type=bind,src=data,dst=/d"})
    void namedVolumesAreRejected(String line) {
        assertTrue(error(line).contains("named volumes are not supported"));
    }

    @Test
    void anonymousVolumesAreRejectedWithAnAlternative() {
        assertTrue(error("Volume=/data").contains("anonymous volumes are not supported"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Volume=/a:data|must be an absolute path inside the container",
            "Volume=/a:/b:nosuid|unsupported volume option 'nosuid'",
            "Volume=/a:/b:idmap=uids=0-1-2|idmap takes no mappings",
            "Volume=/a:/b:ro:x|expected SOURCE:DESTINATION[:OPTIONS]",
            "Volume=%n/x:/b|starts with a specifier that is not a directory",
            "Volume=:/b|the source is empty",
            "Mount=src=/a,dst=/b|has no type",
            "Mount=type=volume,src=v,dst=/b|mount type 'volume' is not supported",
            "Mount=type=bind,src=/a|needs source= and destination=",
            "Mount=type=bind,src=/a,dst=/b,bind-propagation=shared|unsupported bind mount option 'bind-propagation'",
            "Mount=type=bind,src=/a,dst=/b,idmap=uids=0-1-2|'idmap=uids=0-1-2' (idmap takes no mappings here)",
            "Mount=type=bind,src=/a,dst=/b,ro=maybe|mount option 'ro' 'maybe' is not a boolean",
            "Mount=type=bind,src=/a,src=/c,dst=/b|sets 'src' twice",
            "Mount='type=bind,\"src=/a,dst=/b'|unterminated double quote",
            "Mount=type=tmpfs,tmpfs-size=64m|a tmpfs mount needs destination=",
            "Mount=type=tmpfs,dst=/t,tmpfs-mode=999|tmpfs mode '999' is malformed",
            "Mount=type=tmpfs,dst=/t,tmpfs-size=lots|tmpfs size 'lots' is malformed",
            "Mount=type=tmpfs,dst=/t,tmpcopyup|unsupported tmpfs mount option 'tmpcopyup'",
            "Tmpfs=tmp|must be an absolute path inside the container",
            "Tmpfs=/t:bogus|unsupported tmpfs option 'bogus'",
            "Tmpfs=/t:uid=alice|tmpfs uid 'alice' is malformed",
            "Tmpfs=/t:huge=always|unsupported tmpfs option 'huge=always'"})
    void malformedStorageIsReportedAgainstItsLine(String line, String problem) {
        String message = error(line);
        String key = line.substring(0, line.indexOf('='));
        assertTrue(message.startsWith(TestUnits.FILE + ":4: " + key + ": "), message);
        assertTrue(message.contains(problem), message);
    }
}

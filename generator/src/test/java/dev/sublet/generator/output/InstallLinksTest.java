package dev.sublet.generator.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sublet.generator.discovery.UnitName;
import dev.sublet.generator.unit.UnitFile;
import dev.sublet.generator.unit.UnitFileException;
import dev.sublet.generator.unit.UnitFileParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstallLinksTest {

    private static final DependencyRewriter REWRITER = new DependencyRewriter(Map.of());

    private static List<InstallLink> links(String fileName, String serviceName, String install) throws Exception {
        Path file = Path.of("/u", fileName);
        UnitFile unit = new UnitFile(file);
        UnitFileParser.parseText(unit, file, "[Container]\nRootfs=/r\n[Install]\n" + install);
        return InstallLinks.of(unit, UnitName.parse(file), serviceName, REWRITER);
    }

    @Test
    void wantedRequiredAndUpheldByBecomeRelativeLinks() throws Exception {
        assertEquals(List.of(
                        new InstallLink("default.target.wants/web.service", "../web.service"),
                        new InstallLink("multi-user.target.wants/web.service", "../web.service"),
                        new InstallLink("app.target.requires/web.service", "../web.service"),
                        new InstallLink("app.target.upholds/web.service", "../web.service")),
                links("web.container", "web.service",
                        "WantedBy=default.target multi-user.target\nRequiredBy=app.target\nUpheldBy=app.target\n"));
    }

    @Test
    void emptyAssignmentResetsTheList() throws Exception {
        assertEquals(List.of(new InstallLink("b.target.wants/web.service", "../web.service")),
                links("web.container", "web.service", "WantedBy=a.target\nWantedBy=\nWantedBy=b.target\n"));
    }

    @Test
    void aliasLinksToTheServiceInTheSameDirectory() throws Exception {
        assertEquals(List.of(new InstallLink("www.service", "web.service")),
                links("web.container", "web.service", "Alias=www.service\n"));
    }

    @Test
    void templateWithoutDefaultInstanceIsNotEnabled() throws Exception {
        assertEquals(List.of(), links("app@.container", "app@.service", "WantedBy=default.target\n"));
    }

    @Test
    void templateWithDefaultInstanceEnablesThatInstance() throws Exception {
        assertEquals(List.of(new InstallLink("default.target.wants/app@main.service", "../app@.service")),
                links("app@.container", "app@.service", "WantedBy=default.target\nDefaultInstance=main\n"));
    }

    @Test
    void instanceIsEnabledUnderItsOwnName() throws Exception {
        assertEquals(List.of(new InstallLink("default.target.wants/app@blue.service", "../app@blue.service")),
                links("app@blue.container", "app@blue.service", "WantedBy=default.target\n"));
    }

    @Test
    void namesThatWouldLeaveTheOutputDirectoryAreErrors() {
        UnitFileException wanted = assertThrows(UnitFileException.class,
                () -> links("web.container", "web.service", "WantedBy=../../etc/evil.target\n"));
        assertEquals("WantedBy", wanted.key());
        UnitFileException alias = assertThrows(UnitFileException.class,
                () -> links("web.container", "web.service", "Alias=/etc/systemd/system/x.service\n"));
        assertEquals("Alias", alias.key());
        assertThrows(UnitFileException.class, () -> links("web.container", "web.service", "Alias=web.socket\n"));
        assertThrows(UnitFileException.class,
                () -> links("app@.container", "app@.service", "WantedBy=a.target\nDefaultInstance=a/b\n"));
    }
}

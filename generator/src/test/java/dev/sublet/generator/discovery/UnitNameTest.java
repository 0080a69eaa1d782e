package dev.sublet.generator.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnitNameTest {

    private static UnitName name(String fileName) throws UnitFileException {
        return UnitName.parse(Path.of("/units", fileName));
    }

    private static Entry serviceName(String value) {
        return new Entry("ServiceName", value, Path.of("/units/x.container"), 4);
    }

    @Test
    void anEmptyServiceNameResetsToTheDefault() throws UnitFileException {
        assertEquals("web.service", name("web.container").serviceName(serviceName("")));
        assertEquals("foo@blue.service", name("foo@blue.container").serviceName(serviceName("")));
    }

    @Test
    void plainUnit() throws Exception {
        UnitName web = name("web.container");
        assertEquals("web", web.prefix());
        assertNull(web.instance());
        assertFalse(web.isTemplateOrInstance());
        assertEquals("web.service", web.defaultServiceName());
    }

    @Test
    void templateBecomesTemplateService() throws Exception {
        UnitName template = name("foo@.container");
        assertTrue(template.isTemplate());
        assertEquals("foo@.service", template.defaultServiceName());
    }

    @Test
    void instanceBecomesInstanceService() throws Exception {
        UnitName instance = name("foo@inst.container");
        assertFalse(instance.isTemplate());
        assertTrue(instance.isTemplateOrInstance());
        assertEquals("inst", instance.instance());
        assertEquals("foo@inst.service", instance.defaultServiceName());
    }

    @Test
    void serviceNameOverridesThePlainName() throws Exception {
        assertEquals("frontend.service", name("web.container").serviceName(serviceName("frontend")));
        assertEquals("frontend.service", name("web.container").serviceName(serviceName("frontend.service")));
    }

    @Test
    void serviceNameOfATemplateOrInstanceNamesTheTemplatePart() throws Exception {
        assertEquals("app@.service", name("foo@.container").serviceName(serviceName("app@")));
        assertEquals("app@blue.service", name("foo@blue.container").serviceName(serviceName("app@")));
    }

    @Test
    void badServiceNamesAreErrorsOnTheEntry() throws Exception {
        UnitName web = name("web.container");
        UnitFileException e = assertThrows(UnitFileException.class, () -> web.serviceName(serviceName("a/b")));
        assertEquals("ServiceName", e.key());
        assertEquals(4, e.line());
        assertThrows(UnitFileException.class, () -> web.serviceName(serviceName("app@x")));
        assertThrows(UnitFileException.class, () -> name("foo@.container").serviceName(serviceName("app")));
        assertThrows(UnitFileException.class, () -> name("foo@.container").serviceName(serviceName("a@b@")));
        // Found by UnitFileFuzzTest: ".service" alone left an empty template name and crashed.
        assertThrows(UnitFileException.class, () -> name("foo@.container").serviceName(serviceName(".service")));
    }

    @ParameterizedTest
    @ValueSource(strings = {".container", "@x.container", "my web.container", "caf\u00e9.container", "x;y.container"})
    void invalidFileNamesAreRejected(String fileName) {
        UnitFileException e = assertThrows(UnitFileException.class, () -> UnitName.parse(Path.of("/units").resolve(fileName)));
        assertTrue(e.getMessage().contains("valid unit name"), e.getMessage());
    }

    @Test
    void unitNameRule() {
        assertTrue(UnitName.isValidUnitName("default.target"));
        assertTrue(UnitName.isValidUnitName("a-b_c:d\\x2d@e.service"));
        assertFalse(UnitName.isValidUnitName("noextension"));
        assertFalse(UnitName.isValidUnitName("../x.service"));
        assertFalse(UnitName.isValidUnitName("a/b.service"));
        assertFalse(UnitName.isValidUnitName("x".repeat(250) + ".service"));
    }
}

package dev.sublet.supervisor.dbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BusNamesTest {

    @Test
    void keepsLettersAndDigitsAndEscapesEverythingElse() {
        assertEquals("io.github.sublet.Container.web", BusNames.forContainer("web"));
        assertEquals("io.github.sublet.Container.web_2e1", BusNames.forContainer("web.1"));
        assertEquals("io.github.sublet.Container.my_2dapp_5fv2", BusNames.forContainer("my-app_v2"));
        assertEquals("io.github.sublet.Container._32fa", BusNames.forContainer("2fa"));
        assertEquals("io.github.sublet.Container._", BusNames.forContainer(""));
        assertEquals("io.github.sublet.Container.caf_c3_a9", BusNames.forContainer("café"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"web", "web.1", "web_2e1", "_", "", "2fa", "a-b_c.d", "café", "x y", "_5f"})
    void escapingIsReversibleSoDistinctNamesNeverCollide(String name) {
        String busName = BusNames.forContainer(name);
        assertTrue(busName.substring(BusNames.PREFIX.length()).matches("[A-Za-z_][A-Za-z0-9_]*"), busName);
        assertEquals(Optional.of(name), BusNames.containerOf(busName));
    }

    @Test
    void foreignAndNonCanonicalNamesAreNotContainers() {
        assertEquals(Optional.empty(), BusNames.containerOf("org.freedesktop.DBus"));
        assertEquals(Optional.empty(), BusNames.containerOf(BusNames.PREFIX + "web_2E1"));
        assertEquals(Optional.empty(), BusNames.containerOf(BusNames.PREFIX + "web_2"));
        assertEquals(Optional.empty(), BusNames.containerOf(BusNames.PREFIX + "a.b"));
        assertEquals(Optional.empty(), BusNames.containerOf(BusNames.PREFIX + "_61"));
    }

    @Test
    void aNameTooLongForTheBusIsAClearError() {
        String name = ".".repeat(80);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> BusNames.forContainer(name));
        assertTrue(error.getMessage().contains("too long for a D-Bus name"), error.getMessage());
        assertEquals(BusNames.MAX_NAME_LENGTH, BusNames.forContainer("a".repeat(255 - BusNames.PREFIX.length())).length());
    }
}

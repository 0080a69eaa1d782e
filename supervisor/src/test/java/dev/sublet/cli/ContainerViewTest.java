package dev.sublet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.types.UInt64;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.Test;

class ContainerViewTest {

    @Test
    void hostRangesAreSortedAndMerged() {
        // keep-id: 0 -> 100000 (1000), 1000 -> 1000 (1), 1001 -> 101000 (64536)
        ContainerView view = withUidMap(line(0, 100000, 1000), line(1000, 1000, 1), line(1001, 101000, 64536));
        assertEquals("1000,100000-165535", view.hostRanges("UidMap"));
        assertEquals("-", withUidMap().hostRanges("UidMap"));
    }

    @Test
    void idMapsBecomeObjectsInJson() {
        Object json = withUidMap(line(0, 100000, 65536)).toJson().get("UidMap");
        assertEquals(List.of(Map.of("ContainerID", 0L, "HostID", 100000L, "Size", 65536L)), json);
    }

    @Test
    void uptimeIsHumanAndOnlyShownWhileRunning() {
        assertEquals("59s", ContainerView.humanDuration(Duration.ofSeconds(59)));
        assertEquals("2m05s", ContainerView.humanDuration(Duration.ofSeconds(125)));
        assertEquals("3h07m", ContainerView.humanDuration(Duration.ofMinutes(187)));
        assertEquals("2d01h", ContainerView.humanDuration(Duration.ofHours(49)));
        Map<String, Variant<?>> exited = new LinkedHashMap<>();
        exited.put("State", new Variant<>("exited"));
        exited.put("StartedAt", new Variant<>(new UInt64(1_000_000)));
        assertEquals("-", new ContainerView(exited).uptime(5_000));
        exited.put("State", new Variant<>("running"));
        assertEquals("4s", new ContainerView(exited).uptime(5_000));
    }

    /** As dbus-java delivers a(ttt): a list of Object[3]. */
    private static Object[] line(long container, long host, long size) {
        return new Object[] {new UInt64(container), new UInt64(host), new UInt64(size)};
    }

    private static ContainerView withUidMap(Object[]... lines) {
        Map<String, Variant<?>> properties = new LinkedHashMap<>();
        properties.put("UidMap", new Variant<>(List.of(lines), "a(ttt)"));
        return new ContainerView(properties);
    }
}

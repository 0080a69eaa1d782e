package dev.sublet.supervisor.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilitySetTest {

    @Test
    void theDefaultIsPodmansSet() {
        assertEquals(List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
                "CAP_SETUID", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_SETFCAP"),
                CapabilitySet.of(List.of(), List.of()).names());
    }

    @Test
    void dropsAndAddsAcceptNamesWithOrWithoutPrefixInAnyCase() {
        CapabilitySet set = CapabilitySet.of(List.of("net_raw"), List.of("CAP_CHOWN", "kill"));
        assertTrue(set.names().contains("CAP_NET_RAW"));
        assertTrue(!set.names().contains("CAP_CHOWN") && !set.names().contains("CAP_KILL"));
        assertEquals(CapabilitySet.of(List.of(), List.of()).names().size() - 2 + 1, set.names().size());
    }

    @Test
    void dropAllThenAddKeepsOnlyTheAdded() {
        assertEquals(List.of("CAP_NET_BIND_SERVICE"), CapabilitySet.of(List.of("NET_BIND_SERVICE"), List.of("ALL")).names());
    }

    @Test
    void addAllGivesEveryCapabilityTheKernelNames() {
        CapabilitySet all = CapabilitySet.of(List.of("all"), List.of());
        assertEquals(41, all.names().size());
        assertTrue(all.contains(40));
        assertTrue(!all.contains(41));
    }

    @Test
    void anUnknownNameIsAnErrorNamingIt() {
        StageFailure failure = assertThrows(StageFailure.class, () -> CapabilitySet.of(List.of("CAP_FLY"), List.of()));
        assertTrue(failure.getMessage().contains("CAP_FLY"), failure.getMessage());
    }
}

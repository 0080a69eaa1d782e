package dev.sublet.supervisor.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sublet.common.IdMapping;
import java.util.List;
import org.junit.jupiter.api.Test;

class VolumeOwnershipTest {

    @Test
    void containerIdsMapThroughTheLineThatHoldsThem() {
        List<IdMapping> keepId = List.of(new IdMapping(0, 100000, 1000), new IdMapping(1000, 1000, 1),
                new IdMapping(1001, 101000, 64535));
        assertEquals(100000, VolumeOwnership.toHost(keepId, 0, "uid"));
        assertEquals(1000, VolumeOwnership.toHost(keepId, 1000, "uid"));
        assertEquals(101004, VolumeOwnership.toHost(keepId, 1005, "uid"));
        assertThrows(RunFailure.class, () -> VolumeOwnership.toHost(keepId, 65536, "uid"));
    }

    @Test
    void theHelperNamespaceMapsTheUserToZeroAndTheRangesToThemselves() {
        List<IdMapping> host = List.of(new IdMapping(0, 1000, 1), new IdMapping(1, 100000, 65536));
        assertEquals(List.of(new IdMapping(0, 1000, 1), new IdMapping(100000, 100000, 65536)),
                VolumeOwnership.helperMap(host, 1000));
    }

    @Test
    void theUsersOwnIdIsCutOutOfARangeThatHoldsIt() {
        List<IdMapping> odd = List.of(new IdMapping(0, 990, 20));
        assertEquals(List.of(new IdMapping(0, 1000, 1), new IdMapping(990, 990, 10), new IdMapping(1001, 1001, 9)),
                VolumeOwnership.helperMap(odd, 1000));
    }
}

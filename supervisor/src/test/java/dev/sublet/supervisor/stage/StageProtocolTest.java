package dev.sublet.supervisor.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageProtocolTest {

    @Test
    void argumentsSurviveTheRoundTripIncludingEmptyOnesAndSpaces() {
        List<String> args = List.of("--name", "web", "--", "/bin/sh", "-c", "echo 'a b'", "", "ü");
        assertEquals(args, StageProtocol.decode(StageProtocol.encode(args)));
    }

    @Test
    void truncatedDataIsRejected() {
        byte[] data = StageProtocol.encode(List.of("--name", "web"));
        assertThrows(IllegalArgumentException.class, () -> StageProtocol.decode(Arrays.copyOf(data, data.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> StageProtocol.decode(Arrays.copyOf(data, data.length - 4)));
    }

    @Test
    void aNulByteCannotBeEncoded() {
        assertThrows(IllegalArgumentException.class, () -> StageProtocol.encode(List.of("a\0b")));
    }
}

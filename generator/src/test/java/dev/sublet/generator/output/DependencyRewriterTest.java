package dev.sublet.generator.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependencyRewriterTest {

    private final DependencyRewriter rewriter = new DependencyRewriter(Map.of(
            "db.container", "db.service",
            "cache.container", "memo.service",
            "pool@.container", "worker@.service",
            "pool@special.container", "special-pool@special.service"));

    private static Entry after(String value) {
        return new Entry("After", value, Path.of("/u/web.container"), 3);
    }

    @Test
    void containerNamesBecomeTheirServiceNames() throws Exception {
        assertEquals("network.target db.service memo.service",
                rewriter.rewrite(after("network.target  db.container\tcache.container")));
    }

    @Test
    void otherValuesAreKeptAsWritten() throws Exception {
        assertEquals("network.target  other.service", rewriter.rewrite(after("network.target  other.service")));
    }

    @Test
    void instancesResolveThroughTheirTemplateUnlessTheyHaveAFile() throws Exception {
        assertEquals("worker@blue.service worker@%i.service special-pool@special.service",
                rewriter.rewrite(after("pool@blue.container pool@%i.container pool@special.container")));
    }

    @Test
    void unknownContainerIsAnErrorOnTheEntry() {
        UnitFileException e = assertThrows(UnitFileException.class, () -> rewriter.rewrite(after("ghost.container")));
        assertTrue(e.getMessage().startsWith("/u/web.container:3: After: unit 'ghost.container'"), e.getMessage());
    }
}

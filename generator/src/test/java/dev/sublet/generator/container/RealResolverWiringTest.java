package dev.sublet.generator.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sublet.common.IdMapping;
import dev.sublet.common.RunArguments;
import dev.sublet.common.RunSpec;
import dev.sublet.generator.GeneratorContext;
import dev.sublet.generator.userns.DefaultUserNsResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The translator over the production resolver: the UserNS= keys reach it and its maps reach the command line. */
class RealResolverWiringTest {

    @TempDir
    Path directory;

    @Test
    void rootlessKeepIdMapsAreTheDesignsAndSurviveTheCommandLine() throws Exception {
        GeneratorContext context = new GeneratorContext(false, 1000, 1000, "alice", TestUnits.HOME,
                write("subuid", "alice:100000:65536\n"), write("subgid", "alice:100000:65536\n"),
                directory.resolve("state"), "/usr/bin/sublet", Map.of());
        QuadletTranslator translator = new QuadletTranslator(context, new DefaultUserNsResolver(context, m -> { }));

        RunSpec spec = translator.translate(TestUnits.minimalWith("UserNS=keep-id"), "web.service").spec();

        List<IdMapping> keepId = List.of(new IdMapping(0, 100000, 1000), new IdMapping(1000, 1000, 1),
                new IdMapping(1001, 101000, 64536));
        assertEquals(keepId, spec.uidMaps());
        assertEquals(keepId, spec.gidMaps());
        assertEquals(keepId, RunArguments.parse(RunArguments.format(spec)).uidMaps());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(directory.resolve(name), text);
    }
}

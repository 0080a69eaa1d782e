package dev.sublet.generator.container;

import dev.sublet.generator.GeneratorContext;
import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFile;
import dev.sublet.generator.unit.UnitFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds [Container] groups and a translator for alice (uid 1000) without any real files. */
final class TestUnits {

    static final Path HOME = Path.of("/home/alice");
    static final Path UNIT_DIRECTORY = HOME.resolve(".config/containers/systemd");
    static final Path FILE = UNIT_DIRECTORY.resolve("web.container");

    /** The smallest valid unit, for tests that only care about other keys. */
    static final String[] MINIMAL = {"Rootfs=/srv/web", "Exec=/bin/httpd -f"};

    final FakeUserNsResolver resolver = new FakeUserNsResolver();
    final List<String> notes = new ArrayList<>();
    private final QuadletTranslator translator;

    TestUnits() {
        this(context(false, Map.of("XDG_RUNTIME_DIR", "/run/user/1000")));
    }

    TestUnits(GeneratorContext context) {
        translator = new QuadletTranslator(context, resolver, notes::add);
    }

    static GeneratorContext context(boolean systemMode, Map<String, String> environment) {
        return new GeneratorContext(systemMode, 1000, 1000, "alice", HOME, Path.of("/etc/subuid"),
                Path.of("/etc/subgid"), HOME.resolve(".local/state/sublet"), "/usr/bin/sublet", environment);
    }

    /** A unit whose [Container] holds these {@code Key=Value} lines, starting at line 2 of {@link #FILE}. */
    static UnitFile unit(String... lines) {
        UnitFile unit = new UnitFile(FILE);
        for (int i = 0; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            unit.add("Container", new Entry(lines[i].substring(0, eq), lines[i].substring(eq + 1), FILE, i + 2));
        }
        return unit;
    }

    /** The minimal unit plus these lines (which come after it, so they override it). */
    static UnitFile minimalWith(String... lines) {
        List<String> all = new ArrayList<>(List.of(MINIMAL));
        all.addAll(List.of(lines));
        return unit(all.toArray(String[]::new));
    }

    Translation translate(UnitFile unit) throws UnitFileException {
        return translator.translate(unit, "web.service");
    }

    Translation translate(UnitFile unit, String serviceName) throws UnitFileException {
        return translator.translate(unit, serviceName);
    }

    QuadletTranslator translator() {
        return translator;
    }
}

package dev.sublet.generator.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.common.IdMapping;
import dev.sublet.generator.Generator;
import dev.sublet.generator.GeneratorContext;
import dev.sublet.generator.GeneratorLog;
import dev.sublet.generator.TranslatorFactory;
import dev.sublet.generator.container.Translation;
import dev.sublet.generator.container.Translator;
import dev.sublet.generator.output.UnitDirectoryWriter;
import dev.sublet.generator.unit.UnitFile;
import dev.sublet.generator.unit.UnitFileException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The whole generator (discovery, lexer, drop-ins, the real translator and resolver, allocation
 * state, output) on mutated copies of units-examples/ and of hand-picked edge cases, with mutated
 * and random drop-ins. Whatever the input: the generator returns normally; every message line
 * starts with the file it is about ({@code FILE:LINE:} or {@code FILE:}) and, where it points at a
 * {@code Key=} line, names that key; nothing is an "internal error"; every unit that translated and has
 * no error is written; and every map it writes is one the kernel and newuidmap accept.
 */
class UnitFileFuzzTest {

    private static final Pattern LOCATED = Pattern.compile("^(?:warning: )?(/[^:]*?)(?::(\\d+))?: (.*)$");
    private static final AtomicInteger RUN = new AtomicInteger();
    private static final List<String> SEEDS = new ArrayList<>(List.of(
            "[Container]\nRootfs=%h/rootfs\nExec=/bin/sh -c 'echo \"a b\"' \\\n  --flag\nUserNS=auto\n",
            "\uFEFF[Unit]\r\nDescription=crlf\r\n[Container]\r\nRootfs=/srv/x\r\nExec=/bin/true\r\n",
            "[Container]\nRootfs=%h/rootfs\nExec=/bin/x \\\n# comment inside\n; another\n  --y\nUserNS=keep-id\n",
            "[Container]\nRootfs=%h/rootfs\nExec=/bin/x\nVolume=./data:/data:ro,U\nVolume=\nVolume=/a:/a:idmap\n"
                    + "Mount=type=tmpfs,destination=/run\nTmpfs=/tmp\nUIDMap=0:1:1024\nGIDMap=0:1:1024\n",
            "[Container]\nRootfs=%h/rootfs\nExec=/bin/x\nUserNS=auto:size=1024,uidmapping=0:@1000:1\n"
                    + "[Install]\nWantedBy=default.target\nAlias=other.service\n[Unit]\nRequires=web.container\n",
            "[Container]\nRootfs=%h/rootfs\nEntrypoint=[\"/bin/sh\", \"-c\"]\nExec=echo\nEnvironment=A=1 \"B=x y\"\n"
                    + "Label=a=b\nUlimit=nofile=10:20\nStopSignal=SIGINT\nTimezone=local\nNotify=yes\n",
            "[Container]\nRootfs=%h/rootfs\nExec=/bin/x\nUserNS=nomap\nUser=1000\nGroup=1000\n"
                    + "SubUIDMap=alice\nA=trailing continuation \\"));
    private static Path base;

    @BeforeContainer
    static void readExamples() throws IOException {
        base = FuzzInputs.scratchDirectory("unit-fuzz");
        try (Stream<Path> examples = Files.list(Path.of("..", "units-examples"))) {
            for (Path example : examples.sorted().toList()) {
                if (example.toString().endsWith(".container") && Files.isRegularFile(example)) {
                    SEEDS.add(Files.readString(example));
                }
            }
        }
    }

    @AfterContainer
    static void report() throws IOException {
        FuzzTally.print(UnitFileFuzzTest.class);
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Records what the real translator made of each unit, so the test can check the maps. */
    private static final class RecordingTranslator implements Translator {
        final Translator real;
        final Map<Path, Translation> translated = new LinkedHashMap<>();
        final Map<Path, String> services = new LinkedHashMap<>();

        RecordingTranslator(Translator real) {
            this.real = real;
        }

        @Override
        public Translation translate(UnitFile unit, String serviceName) throws UnitFileException {
            Translation translation = real.translate(unit, serviceName);
            translated.put(unit.path(), translation);
            services.put(unit.path(), serviceName);
            return translation;
        }

        @Override
        public void finish(Set<String> presentServiceNames) throws IOException {
            real.finish(presentServiceNames);
        }
    }

    @Property(tries = 1000)
    void theGeneratorSurvivesMutatedUnitsAndDropIns(@ForAll long seed) throws IOException {
        Random random = new Random(seed);
        UnitFileMutator mutator = new UnitFileMutator(seed);
        Path run = Files.createDirectories(base.resolve("run-" + RUN.incrementAndGet()));
        Path units = Files.createDirectories(run.resolve("units"));
        Path home = run.resolve("home");
        Path etc = Files.createDirectories(home.resolve("rootfs/etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0::/root:/bin/sh\nwww:x:33:33::/:/bin/sh\n");
        Files.writeString(run.resolve("subuid"), "alice:100000:65536\n");
        Files.writeString(run.resolve("subgid"), "alice:100000:65536\n1000:300000:2000\n");

        int inputs = 0;
        for (String name : List.of("web", "db-main", "tpl@one")) {
            Files.write(units.resolve(name + ".container"), mutator.mutate(pick(random)));
            inputs++;
        }
        List<String> dropInDirs = List.of("web.container.d", "db-.container.d", "db-main.container.d", "container.d",
                "tpl@.container.d", "tpl@one.container.d");
        for (int i = random.nextInt(4); i > 0; i--) {
            Path dir = Files.createDirectories(units.resolve(dropInDirs.get(random.nextInt(dropInDirs.size()))));
            Files.write(dir.resolve(random.nextInt(30) + (random.nextInt(6) == 0 ? ".txt" : ".conf")),
                    mutator.dropIn(pick(random)));
            inputs++;
        }

        GeneratorContext context = new GeneratorContext(false, 1000, 1000, "alice", home, run.resolve("subuid"),
                run.resolve("subgid"), run.resolve("state"), "/usr/bin/sublet",
                Map.of("SUBLET_UNIT_DIRS", units.toString(), "XDG_RUNTIME_DIR", "/run/user/1000"));
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        RecordingTranslator translator;
        try (GeneratorLog log = new GeneratorLog(new PrintStream(stderr, true, StandardCharsets.UTF_8), false)) {
            translator = new RecordingTranslator(TranslatorFactory.quadlet(context, log::warning));
            new Generator(context, translator, new UnitDirectoryWriter(run.resolve("out")), log,
                    run.resolve("fsroot"), false).run();
        }

        String messages = stderr.toString(StandardCharsets.UTF_8);
        for (String line : messages.lines().toList()) {
            checkMessage(line, run);
        }
        for (Map.Entry<Path, Translation> entry : translator.translated.entrySet()) {
            String service = translator.services.get(entry.getKey());
            // Building the service (e.g. [Install]) can still fail after the [Container] translated.
            boolean blamed = messages.lines().anyMatch(line -> !line.startsWith("warning: ")
                    && (line.startsWith(entry.getKey() + ":") || line.contains(".d/")));
            assertTrue(blamed || Files.exists(run.resolve("out").resolve(service)),
                    entry.getKey() + " translated but " + service + " was not written; log:\n" + messages);
            checkMaps(entry.getValue().spec().uidMaps(), run.resolve("subuid"));
            checkMaps(entry.getValue().spec().gidMaps(), run.resolve("subgid"));
        }
        FuzzTally.count("UnitFileFuzzTest.theGeneratorSurvivesMutatedUnitsAndDropIns", inputs);
        FuzzTally.outcome("UnitFileFuzzTest.theGeneratorSurvivesMutatedUnitsAndDropIns, units generated", translator.translated.size());
    }

    private static String pick(Random random) {
        return SEEDS.get(random.nextInt(SEEDS.size()));
    }

    /** FILE:LINE: [KEY: ]problem or FILE: problem; the key is named when LINE is a Key= line. */
    private static void checkMessage(String line, Path run) throws IOException {
        assertFalse(line.contains("internal error"), line);
        Matcher matcher = LOCATED.matcher(line);
        assertTrue(matcher.matches(), "message does not start with FILE: or FILE:LINE: -- " + line);
        Path file = Path.of(matcher.group(1));
        assertTrue(file.startsWith(run), "message names a file outside the test's files: " + line);
        if (matcher.group(2) == null || !Files.isRegularFile(file)) {
            return;
        }
        String key = keyOfLine(Files.readAllBytes(file), Integer.parseInt(matcher.group(2)));
        if (key != null && !line.startsWith("warning: ")) {
            assertTrue(matcher.group(3).startsWith(key + ": "), "the error is about line " + matcher.group(2)
                    + " (key '" + key + "') but does not name the key: " + line);
        }
    }

    /** The key of physical line {@code number} if it is a {@code Key=Value} line, else null. */
    private static String keyOfLine(byte[] bytes, int number) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r\n|\r|\n", -1);
        if (number < 1 || number > lines.length) {
            return null;
        }
        String line = lines[number - 1].replaceAll("^[ \t]+", "");
        if (number > 1 && lines[number - 2].endsWith("\\")) {
            return null; // a continuation's or comment's neighbour: not where an entry starts
        }
        int equals = line.indexOf('=');
        if (line.isEmpty() || "#;[".indexOf(line.charAt(0)) >= 0 || equals < 0) {
            return null;
        }
        String key = line.substring(0, equals).replaceAll("[ \t]+$", "");
        return key.isEmpty() ? null : key;
    }

    private static void checkMaps(List<IdMapping> lines, Path subIdFile) throws IOException {
        List<KernelIdMapModel.Allowed> ranges = new ArrayList<>();
        for (String line : Files.readAllLines(subIdFile)) {
            String[] fields = line.split(":");
            if (fields[0].equals("alice") || fields[0].equals("1000")) {
                ranges.add(new KernelIdMapModel.Allowed(Long.parseLong(fields[1]), Long.parseLong(fields[2])));
            }
        }
        List<String> problems = new ArrayList<>(KernelIdMapModel.kernelViolations(lines));
        problems.addAll(KernelIdMapModel.newuidmapViolations(lines, 1000, ranges));
        assertEquals(List.of(), problems, "maps " + lines);
    }
}

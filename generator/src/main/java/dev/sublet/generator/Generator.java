package dev.sublet.generator;

import dev.sublet.generator.container.Translation;
import dev.sublet.generator.container.Translator;
import dev.sublet.generator.discovery.SearchPaths;
import dev.sublet.generator.discovery.SearchRoot;
import dev.sublet.generator.discovery.SourceUnit;
import dev.sublet.generator.discovery.UnitDirectories;
import dev.sublet.generator.discovery.UnitDiscovery;
import dev.sublet.generator.discovery.UnitName;
import dev.sublet.generator.output.DependencyRewriter;
import dev.sublet.generator.output.ServiceUnit;
import dev.sublet.generator.output.ServiceUnitBuilder;
import dev.sublet.generator.output.UnitSink;
import dev.sublet.generator.unit.DropIns;
import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFile;
import dev.sublet.generator.unit.UnitFileException;
import dev.sublet.generator.unit.UnitFileParser;
import dev.sublet.generator.userns.UnrecordedAllocationsException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One generator run: discover the {@code .container} files, parse each with its drop-ins, translate
 * and build every service, let the translator record its id allocations, then hand the services to
 * the sink. A bad file is logged ({@code file:line: key: problem}) and skipped; the others are still
 * generated, and {@link GeneratorLog#errorCount()} tells the caller to exit 1.
 */
public final class Generator {

    private static final String CONTAINER = "Container";

    private final GeneratorContext context;
    private final Translator translator;
    private final UnitSink sink;
    private final GeneratorLog log;
    private final Path fileSystemRoot;
    private final boolean dryRun;

    /**
     * @param fileSystemRoot where the system search directories live ({@code /} in production)
     * @param dryRun         true to leave the translator's allocation state untouched
     */
    public Generator(GeneratorContext context, Translator translator, UnitSink sink, GeneratorLog log,
                     Path fileSystemRoot, boolean dryRun) {
        this.context = context;
        this.translator = translator;
        this.sink = sink;
        this.log = log;
        this.fileSystemRoot = fileSystemRoot;
        this.dryRun = dryRun;
    }

    /** A parsed unit and the service it becomes. */
    private record LoadedUnit(UnitName name, UnitFile unit, String serviceName) {
    }

    /**
     * A built service and the unit it came from. Kept in a list, never hashed: a record's
     * hashCode() is bootstrapped through invokedynamic (ObjectMethods), which spins method-handle
     * classes on a cold JVM that the AppCDS archive cannot hold.
     */
    private record BuiltService(ServiceUnit service, LoadedUnit source) {
    }

    public void run() {
        List<String> unreadable = new ArrayList<>();
        List<Path> searchDirs = searchDirectories(unreadable);
        if (searchDirs == null) {
            return;
        }
        List<SourceUnit> sources = UnitDiscovery.discover(searchDirs, collector(unreadable), log.warnings(),
                log.debugMessages());
        if (!unreadable.isEmpty()) {
            // Units in an unreadable directory would count as removed and lose their id allocations.
            for (String problem : unreadable) {
                log.error(problem);
            }
            log.error("not all unit directories could be read: no units were generated, so that no id"
                    + " allocation is released by mistake");
            return;
        }
        Map<String, String> serviceNames = new LinkedHashMap<>();
        Set<String> presentServices = new LinkedHashSet<>();
        List<LoadedUnit> loaded = load(sources, DropIns.in(searchDirs), serviceNames, presentServices);

        ServiceUnitBuilder builder = new ServiceUnitBuilder(context.subletExecutable(),
                new DependencyRewriter(serviceNames));
        List<BuiltService> services = new ArrayList<>();
        for (LoadedUnit unit : loaded) {
            ServiceUnit service = build(builder, unit);
            if (service != null) {
                services.add(new BuiltService(service, unit));
            }
        }

        Finish finish = dryRun ? Finish.ALL_RECORDED : finishTranslator(presentServices);
        if (!finish.writeAny()) {
            return;
        }
        for (BuiltService built : services) {
            ServiceUnit service = built.service();
            if (finish.unrecorded().contains(built.source().serviceName())) {
                logUnrecorded(built.source(), finish.reason());
                continue;
            }
            try {
                sink.accept(service);
                log.debug("generated " + service.name());
            } catch (IOException e) {
                log.error(service.name() + ": cannot write: " + e);
            }
        }
    }

    private List<Path> searchDirectories(List<String> unreadable) {
        List<SearchRoot> roots;
        try {
            roots = SearchPaths.roots(context.systemMode(), context.environment(), context.uid(), context.home(),
                    fileSystemRoot);
        } catch (IllegalArgumentException e) {
            log.error(e.getMessage());
            return null;
        }
        List<Path> dirs = UnitDirectories.walk(roots, collector(unreadable));
        log.debug("searching " + dirs);
        return dirs;
    }

    /** Parses every unit; records the service name of each, broken or not, so its ids stay reserved. */
    private List<LoadedUnit> load(List<SourceUnit> sources, DropIns dropIns, Map<String, String> serviceNames,
                                  Set<String> presentServices) {
        List<LoadedUnit> loaded = new ArrayList<>();
        Map<String, String> fileNamesByService = new HashMap<>();
        for (SourceUnit source : sources) {
            UnitName name;
            try {
                name = UnitName.parse(source.path());
            } catch (UnitFileException e) {
                log.error(e.getMessage());
                continue;
            }
            String serviceName = name.defaultServiceName();
            try {
                UnitFile unit = parseWithDropIns(source, dropIns);
                serviceName = name.serviceName(unit.last(CONTAINER, "ServiceName"));
                requireUnique(serviceName, source, fileNamesByService);
                loaded.add(new LoadedUnit(name, unit, serviceName));
            } catch (UnitFileException e) {
                log.error(e.getMessage());
            }
            serviceNames.put(source.fileName(), serviceName);
            presentServices.add(serviceName);
            fileNamesByService.putIfAbsent(serviceName, source.fileName());
        }
        return loaded;
    }

    private UnitFile parseWithDropIns(SourceUnit source, DropIns dropIns) throws UnitFileException {
        UnitFile unit = UnitFileParser.parse(source.path());
        for (Path dropIn : dropIns.find(source.fileName())) {
            log.debug(source.path() + ": merging drop-in " + dropIn);
            UnitFileParser.parseInto(unit, dropIn);
        }
        return unit;
    }

    /** Two files must not write the same service (e.g. {@code a.container} with {@code ServiceName=b}, and {@code b.container}). */
    private static void requireUnique(String serviceName, SourceUnit source, Map<String, String> fileNamesByService)
            throws UnitFileException {
        String owner = fileNamesByService.get(serviceName);
        if (owner != null) {
            throw new UnitFileException(source.path(), 0, null, "would generate " + serviceName
                    + ", which " + owner + " already generates: give one of them another ServiceName=");
        }
    }

    private ServiceUnit build(ServiceUnitBuilder builder, LoadedUnit loaded) {
        UnitFile unit = loaded.unit();
        try {
            if (!unit.hasSection(CONTAINER)) {
                throw new UnitFileException(unit.path(), 0, null,
                        "no [Container] section: a .container unit needs one (with Rootfs= and Exec=)");
            }
            Translation translation = translator.translate(unit, loaded.serviceName());
            return builder.build(unit, loaded.name(), loaded.serviceName(), translation);
        } catch (UnitFileException e) {
            log.error(e.getMessage());
        } catch (RuntimeException e) {
            // A bug for one unit must not cost the user all the others.
            log.error(unit.path() + ": internal error, please report it: " + e);
        }
        return null;
    }

    /**
     * What may be written after the translator recorded its allocations: every service except
     * {@code unrecorded} (whose new ids are not in the state file, for {@code reason}), or nothing.
     */
    private record Finish(boolean writeAny, Set<String> unrecorded, String reason) {
        static final Finish ALL_RECORDED = new Finish(true, Set.of(), null);
    }

    /**
     * Lets the translator persist {@code UserNS=auto} allocations. If they cannot be written, the
     * units whose ids the (intact) state file holds, or that need none, are still generated.
     */
    private Finish finishTranslator(Set<String> presentServices) {
        try {
            translator.finish(presentServices);
            return Finish.ALL_RECORDED;
        } catch (UnrecordedAllocationsException e) {
            if (e.services().isEmpty()) {
                log.error(e.getMessage() + ": the ids of removed units stay reserved until " + context.stateDir()
                        + " can be written again; " + remedy());
            }
            return new Finish(true, e.services(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            // Unexpected: which allocations are recorded is unknown, so no unit is safe to write.
            log.error("cannot record id allocations in " + context.stateDir() + ": " + e
                    + "; no units were generated, so that no two containers share ids");
            return new Finish(false, Set.of(), null);
        }
    }

    /** One error per unit left out: at its UserNS= line, with the reason and what to do. */
    private void logUnrecorded(LoadedUnit unit, String reason) {
        String problem = "not generated: its new ids could not be recorded (" + reason + "), and a container"
                + " started with unrecorded ids could later share them with another one; " + remedy();
        Entry userNs = unit.unit().last(CONTAINER, "UserNS");
        log.error((userNs != null ? new UnitFileException(userNs, problem)
                : new UnitFileException(unit.unit().path(), 0, null, problem)).getMessage());
    }

    /** Adds what it is given to {@code messages}; not {@code messages::add}, see {@link GeneratorLog#warnings()}. */
    private static Consumer<String> collector(List<String> messages) {
        return new Consumer<>() {
            @Override
            public void accept(String message) {
                messages.add(message);
            }
        };
    }

    private String remedy() {
        return "make " + context.stateDir() + " writable (or free space on its file system), then run 'systemctl "
                + (context.systemMode() ? "" : "--user ") + "daemon-reload'";
    }
}

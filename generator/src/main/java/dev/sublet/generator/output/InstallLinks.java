package dev.sublet.generator.output;

import dev.sublet.generator.discovery.UnitName;
import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFile;
import dev.sublet.generator.unit.UnitFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an [Install] section into the links {@code systemctl enable} would make:
 * {@code WantedBy=X} → {@code X.wants/}, {@code RequiredBy=X} → {@code X.requires/},
 * {@code UpheldBy=X} → {@code X.upholds/}, {@code Alias=N} → {@code N}. A template
 * ({@code foo@.service}) is only enabled through {@code DefaultInstance=}, which names the link
 * {@code X.wants/foo@default.service}; its aliases are made regardless, as Quadlet does.
 */
public final class InstallLinks {

    private static final String INSTALL = "Install";
    private static final Map<String, String> DIRECTORY_SUFFIXES = new LinkedHashMap<>();

    static {
        DIRECTORY_SUFFIXES.put("WantedBy", ".wants");
        DIRECTORY_SUFFIXES.put("RequiredBy", ".requires");
        DIRECTORY_SUFFIXES.put("UpheldBy", ".upholds");
    }

    private InstallLinks() {
    }

    /**
     * @param unit        the source unit (its [Install] section)
     * @param name        the source file's name (template or not)
     * @param serviceName the generated service, e.g. {@code foo@.service}
     * @param rewriter    maps {@code other.container} in WantedBy= and the like to service names
     */
    public static List<InstallLink> of(UnitFile unit, UnitName name, String serviceName, DependencyRewriter rewriter)
            throws UnitFileException {
        List<InstallLink> links = new ArrayList<>();
        for (Entry alias : unit.values(INSTALL, "Alias")) {
            for (String aliasName : UnitWords.split(alias.value())) {
                requireServiceName(alias, aliasName);
                links.add(new InstallLink(aliasName, serviceName));
            }
        }
        String linkName = enabledName(unit, name, serviceName);
        if (linkName == null) {
            return links;
        }
        for (Map.Entry<String, String> kind : DIRECTORY_SUFFIXES.entrySet()) {
            for (Entry entry : unit.values(INSTALL, kind.getKey())) {
                for (String dependent : UnitWords.split(rewriter.rewrite(entry))) {
                    requireUnitName(entry, dependent);
                    links.add(new InstallLink(dependent + kind.getValue() + "/" + linkName, "../" + serviceName));
                }
            }
        }
        return links;
    }

    /** The name the dependency links carry, or null when a template without DefaultInstance= is not enabled. */
    private static String enabledName(UnitFile unit, UnitName name, String serviceName) throws UnitFileException {
        if (!name.isTemplate()) {
            return serviceName;
        }
        Entry defaultInstance = unit.last(INSTALL, "DefaultInstance");
        if (defaultInstance == null || defaultInstance.value().isEmpty()) {
            return null;
        }
        int at = serviceName.indexOf('@');
        String instanceName = serviceName.substring(0, at + 1) + defaultInstance.value() + serviceName.substring(at + 1);
        if (!UnitName.isValidUnitName(instanceName)) {
            throw new UnitFileException(defaultInstance, "'" + defaultInstance.value()
                    + "' is not a valid instance name: use letters, digits and \":-_.\\@\"");
        }
        return instanceName;
    }

    private static void requireServiceName(Entry entry, String name) throws UnitFileException {
        requireUnitName(entry, name);
        if (!name.endsWith(".service")) {
            throw new UnitFileException(entry, "alias '" + name + "' must end in .service like the unit it names");
        }
    }

    /** Only plain unit names: a '/' would place a link outside the generator's directory. */
    private static void requireUnitName(Entry entry, String name) throws UnitFileException {
        if (!UnitName.isValidUnitName(name)) {
            throw new UnitFileException(entry, "'" + name + "' is not a unit name (such as default.target)");
        }
    }
}

package dev.sublet.generator.output;

import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFileException;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites dependencies on other {@code .container} files to the services they become
 * ({@code After=db.container} → {@code After=db.service}, or whatever {@code ServiceName=} made of
 * it), as Quadlet does. An instance of a template ({@code db@blue.container}) resolves through
 * {@code db@.container} when no file of that exact name exists.
 */
public final class DependencyRewriter {

    /** [Unit] settings whose values are lists of unit names (systemd.unit(5)). */
    static final Set<String> UNIT_DEPENDENCY_KEYS = Set.of(
            "Wants", "Requires", "Requisite", "BindsTo", "PartOf", "Upholds", "Conflicts", "Before", "After",
            "OnFailure", "OnSuccess", "PropagatesReloadTo", "ReloadPropagatedFrom", "PropagatesStopTo",
            "StopPropagatedFrom", "JoinsNamespaceOf");

    /** [Install] settings whose values are lists of unit names. */
    static final Set<String> INSTALL_DEPENDENCY_KEYS = Set.of("WantedBy", "RequiredBy", "UpheldBy", "Also");

    private static final String CONTAINER_SUFFIX = ".container";
    private static final String SERVICE_SUFFIX = ".service";

    private final Map<String, String> serviceNamesByFileName;

    /** @param serviceNamesByFileName every discovered unit, e.g. {@code db.container → db.service} */
    public DependencyRewriter(Map<String, String> serviceNamesByFileName) {
        this.serviceNamesByFileName = Map.copyOf(serviceNamesByFileName);
    }

    /** The entry's value with each {@code *.container} word replaced; other words are kept. */
    public String rewrite(Entry entry) throws UnitFileException {
        String value = entry.value();
        if (!value.contains(CONTAINER_SUFFIX)) {
            return value;
        }
        StringBuilder result = new StringBuilder();
        for (String word : UnitWords.split(value)) {
            if (!result.isEmpty()) {
                result.append(' ');
            }
            result.append(word.endsWith(CONTAINER_SUFFIX) ? serviceFor(entry, word) : word);
        }
        return result.toString();
    }

    private String serviceFor(Entry entry, String containerName) throws UnitFileException {
        String service = serviceNamesByFileName.get(containerName);
        if (service != null) {
            return service;
        }
        int at = containerName.indexOf('@');
        if (at > 0) {
            String templateService = serviceNamesByFileName.get(containerName.substring(0, at + 1) + CONTAINER_SUFFIX);
            if (templateService != null) {
                String instance = containerName.substring(at + 1, containerName.length() - CONTAINER_SUFFIX.length());
                String templatePrefix = templateService.substring(0, templateService.length() - SERVICE_SUFFIX.length());
                return templatePrefix + instance + SERVICE_SUFFIX;
            }
        }
        throw new UnitFileException(entry, "unit '" + containerName
                + "' is not in any search directory: create it, or name the service it depends on");
    }
}

package dev.sublet.generator.output;

import java.util.List;

/**
 * One generated service, ready to be written: nothing is written until the whole unit was built
 * without error, so a broken unit leaves no half-written files behind.
 *
 * @param name  e.g. {@code web.service}
 * @param text  the unit file's content
 * @param links the [Install] links
 */
public record ServiceUnit(String name, String text, List<InstallLink> links) {

    public ServiceUnit {
        links = List.copyOf(links);
    }
}

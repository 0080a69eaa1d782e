package dev.sublet.generator.output;

/**
 * A symbolic link the generator creates because systemd does not "enable" generated units.
 *
 * @param path   relative to the output directory, e.g. {@code default.target.wants/web.service}
 * @param target relative to the link's own directory, e.g. {@code ../web.service}
 */
public record InstallLink(String path, String target) {
}

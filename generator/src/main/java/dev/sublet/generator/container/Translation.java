package dev.sublet.generator.container;

import dev.sublet.common.RunSpec;
import java.util.List;

/**
 * What the [Container] group of one unit becomes: the {@code sublet run} settings and the extra
 * [Unit] dependencies the service needs ({@code RequiresMountsFor=} for absolute volume sources).
 */
public record Translation(RunSpec spec, List<String> requiresMountsFor) {
}

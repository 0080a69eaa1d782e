package dev.sublet.generator.userns;

import dev.sublet.generator.GeneratorContext;
import dev.sublet.generator.unit.UnitFileException;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/** Work in progress: resolves user namespace settings into concrete host-flat maps. */
public final class DefaultUserNsResolver implements UserNsResolver {

    private final GeneratorContext context;

    public DefaultUserNsResolver(GeneratorContext context) {
        this.context = context;
    }

    @Override
    public ResolvedUserNs resolve(UserNsRequest request) throws UnitFileException {
        return new ResolvedUserNs(List.of(), List.of(), null, null, List.of(), List.of());
    }

    @Override
    public void finish(Set<String> presentServiceNames) throws IOException {
    }
}

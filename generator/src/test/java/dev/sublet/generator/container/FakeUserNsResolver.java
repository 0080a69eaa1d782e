package dev.sublet.generator.container;

import dev.sublet.common.IdMapping;
import dev.sublet.generator.unit.UnitFileException;
import dev.sublet.generator.userns.ResolvedUserNs;
import dev.sublet.generator.userns.UserNsRequest;
import dev.sublet.generator.userns.UserNsResolver;
import java.util.List;
import java.util.Set;

/** Records what the translator asks and answers with {@link #answer}; the real resolver is tested elsewhere. */
final class FakeUserNsResolver implements UserNsResolver {

    ResolvedUserNs answer = new ResolvedUserNs(
            List.of(new IdMapping(0, 1000, 1), new IdMapping(1, 100000, 65536)),
            List.of(new IdMapping(0, 1000, 1), new IdMapping(1, 100000, 65536)),
            null, null, List.of(), List.of());
    UserNsRequest request;
    Set<String> finishedWith;

    @Override
    public ResolvedUserNs resolve(UserNsRequest request) throws UnitFileException {
        this.request = request;
        return answer;
    }

    @Override
    public void finish(Set<String> presentServiceNames) {
        finishedWith = presentServiceNames;
    }
}
